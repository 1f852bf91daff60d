/** The signed-in user's own page (issue 23): their e-mail address, the language of their mail, and what they are mailed about, kind by kind. */
import type { Hono } from 'hono';
import type { EngineDeps } from '../../engine/deps.ts';
import { myMailSettings, setMyContact, setMyMailPreferences } from '../../engine/mail.ts';
import { kindWord } from '../../mail/compose.ts';
import { MAIL_DELIVERIES, MAIL_KINDS } from '../../mail/kinds.ts';
import { ActionForm, type Failed } from '../components.tsx';
import { valuesFromForm, type Field } from '../forms.tsx';
import { type WordKey, wordsFor } from '../i18n.ts';
import { act, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

/** A label in both languages, from the words of src/web/i18n.ts. */
const bothLanguages = (key: WordKey) => ({ sv: wordsFor('sv').t(key), en: wordsFor('en').t(key) });

const DELIVERY_WORD = { immediate: 'mailDeliveryImmediate', digest: 'mailDeliveryDigest', never: 'mailDeliveryNever' } as const;

const contactFields = (c: WebContext): Field[] => {
  const words = c.get('words');
  return [
    { name: 'email', kind: 'text', required: false, label: bothLanguages('mailEmail') },
    {
      name: 'mailLanguage',
      kind: 'select',
      required: true,
      label: bothLanguages('mailLanguage'),
      options: [
        { value: 'sv', label: words.t('mailLanguageSv') },
        { value: 'en', label: words.t('mailLanguageEn') },
      ],
    },
  ];
};

const preferenceFields = (c: WebContext): Field[] =>
  MAIL_KINDS.map((kind) => ({
    name: kind,
    kind: 'select',
    required: true,
    label: bothLanguages(kindWord(kind)),
    options: MAIL_DELIVERIES.map((delivery) => ({ value: delivery, label: c.get('words').t(DELIVERY_WORD[delivery]) })),
  }));

async function mePage(deps: EngineDeps, c: WebContext, mailEnabled: boolean, failed?: Failed): Promise<Response> {
  const words = c.get('words');
  const settings = await myMailSettings(deps, c.get('actor')!);
  return page(
    c,
    words.t('mailMyPage'),
    <>
      {mailEnabled ? null : <p class="notice">{words.t('mailOff')}</p>}
      {settings.email ? null : <p>{words.t('mailNoAddress')}</p>}
      <ActionForm
        id="me-contact"
        summary={words.t('mailEmail')}
        action="/app/me/contact"
        csrfToken={c.get('csrfToken')}
        words={words}
        fields={contactFields(c)}
        failed={failed}
        submit={words.t('mailSave')}
        open
        values={{ email: settings.email ?? '', mailLanguage: settings.language }}
      />
      <section aria-labelledby="mail-preferences">
        <h2 id="mail-preferences">{words.t('mailPreferences')}</h2>
        <p>{words.t('mailPreferencesHelp')}</p>
        <ActionForm
          id="me-preferences"
          summary={words.t('mailPreferences')}
          action="/app/me/preferences"
          csrfToken={c.get('csrfToken')}
          words={words}
          fields={preferenceFields(c)}
          failed={failed}
          submit={words.t('mailSave')}
          open
          values={Object.fromEntries(settings.preferences.map((p) => [p.kind, p.delivery]))}
        />
      </section>
      {c.get('actor')!.role === 'admin' ? (
        <p>
          <a href="/app/mail/failures">{words.t('mailFailures')}</a>
        </p>
      ) : null}
    </>,
    pageOptions(c, failed),
  );
}

export function meRoutes(app: Hono<WebEnv>, deps: EngineDeps, options: { mailEnabled: boolean }): void {
  app.get('/me', (c) => guarded(c, () => mePage(deps, c, options.mailEnabled)));
  app.post('/me/contact', async (c) => {
    const fields = contactFields(c);
    const values = valuesFromForm(fields, await formOf(c));
    return act(c, {
      form: 'me-contact',
      fields,
      values,
      run: () => setMyContact(deps, c.get('actor')!, { email: values.email as string | undefined, language: values.mailLanguage as string | undefined }),
      done: '/app/me?done=1',
      again: (failed) => mePage(deps, c, options.mailEnabled, failed),
    });
  });
  app.post('/me/preferences', async (c) => {
    const fields = preferenceFields(c);
    const values = valuesFromForm(fields, await formOf(c));
    return act(c, {
      form: 'me-preferences',
      fields,
      values,
      run: () => setMyMailPreferences(deps, c.get('actor')!, values),
      done: '/app/me?done=1',
      again: (failed) => mePage(deps, c, options.mailEnabled, failed),
    });
  });
}
