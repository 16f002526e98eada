import { useState } from 'react';
import { type ApiError, api } from '../api.ts';
import { useApi } from '../api-queries.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import { DocumentEditorLoader, EditorPage, type EditorProps } from '../components/DocumentEditorFrame.tsx';
import {
  type DocumentBodyPayload,
  newPartyBody,
  type PartyBody,
  partyBodyOf,
  todayLocal,
} from '../components/document-body.ts';
import { Checkbox } from '../components/FormParts.tsx';
import { Field, useToast } from '../components/ui.tsx';
import { navigate } from '../router.tsx';
import type { Client, RecurringProfile, Settings } from '../types.ts';
import { RecurringPreview, type SchedulePreviewRequest } from './RecurringPreview.tsx';
import { profileName } from './RecurringSchedule.tsx';
import { AutoSendRecipients } from './recurring/AutoSendRecipients.tsx';
import {
  ANCHOR_FIELDS,
  draftOf,
  numberErrors,
  type ProfileDraft,
  scheduleOf,
} from './recurring/profile-draft.ts';
import { ScheduleFields } from './recurring/ScheduleFields.tsx';
import { useSession } from './session.tsx';

export function RecurringProfileEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  return (
    <DocumentEditorLoader<RecurringProfile>
      id={id}
      endpoint="/recurring-profiles"
      settings={settings}
      pageTitle={id ? 'Edit recurring profile' : 'New recurring profile'}
      back={{ href: '/app/recurring', label: 'Back to recurring invoices' }}
      editor={(props) => <Editor {...props} />}
    />
  );
}

function newProfileDraft(settings: Settings): ProfileDraft {
  // A repeating invoice's terms count from each issue date: a fixed date cannot carry over.
  const paymentTerms =
    settings.defaultPaymentTerms !== 'fixed_date' ? settings.defaultPaymentTerms : 'net_30';
  return {
    name: '',
    frequency: 'monthly',
    interval: '1',
    dayOfMonth: '',
    startDate: todayLocal(),
    endKind: 'never',
    endAfterCount: '',
    endDate: '',
    paymentTerms,
    autoSend: false,
  };
}

/** What a save sends of the schedule. Editing, an unchanged anchor is left out: sent, it would restart from today. */
function scheduleBodyOf(draft: ProfileDraft, profile: RecurringProfile | null) {
  if (Object.keys(numberErrors(draft)).length > 0 || draft.startDate === '') return null;
  const schedule = scheduleOf(draft);
  if (!profile) return schedule;
  const changed = ANCHOR_FIELDS.filter((field) => schedule[field] !== profile[field]);
  return {
    ...Object.fromEntries(changed.map((field) => [field, schedule[field]])),
    endAfterCount: schedule.endAfterCount,
    endDate: schedule.endDate,
  };
}

function Editor({ data, settings }: EditorProps<RecurringProfile>) {
  const toast = useToast();
  const { document: profile, taxRates } = data;
  const [body, setBody] = useState<PartyBody>(() =>
    profile
      ? partyBodyOf(profile)
      : newPartyBody({ settings, taxRates, client: data.presetClient ?? data.newestClient }),
  );
  const [draft, setDraft] = useState<ProfileDraft>(() =>
    profile ? draftOf(profile) : newProfileDraft(settings),
  );
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const update = (patch: Partial<ProfileDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const localErrors = numberErrors(draft);
  const scheduleBody = scheduleBodyOf(draft, profile);
  // The dates saving would give: a new schedule's from its start, an edited one's as the edit applies them.
  const previewRequest: SchedulePreviewRequest | null = scheduleBody && {
    path: profile ? `/recurring-profiles/${profile.id}/preview` : '/recurring-profiles/preview',
    body: { ...scheduleBody, paymentTerms: draft.paymentTerms },
  };
  const client = useApi<Client>(body.client && `/clients/${body.client.id}`).data;
  const recipients = (client?.contacts ?? []).filter((contact) => contact.email.trim() !== '');

  async function save(shared: DocumentBodyPayload) {
    if (!scheduleBody) throw new Error('Please correct the highlighted fields.');
    const request = {
      ...shared,
      name: draft.name,
      paymentTerms: draft.paymentTerms,
      autoSend: draft.autoSend,
      ...scheduleBody,
    };
    const saved = profile
      ? await api.patch<RecurringProfile>(`/recurring-profiles/${profile.id}`, request)
      : await api.post<RecurringProfile>('/recurring-profiles', request);
    toast(profile ? 'Recurring profile saved' : 'Recurring profile created');
    navigate(`/app/recurring/${saved.id}`);
  }

  const nameField = ({ fieldError }: BodySlotContext) => (
    <Field label="Profile name" hint="For you, e.g. Monthly retainer" error={fieldError('name')}>
      {(props) => (
        <input
          {...props}
          value={draft.name}
          maxLength={200}
          autoComplete="off"
          onChange={(event) => update({ name: event.target.value })}
        />
      )}
    </Field>
  );

  const schedule = ({ fieldError }: BodySlotContext) => (
    <div className="recurring-schedule">
      <ScheduleFields draft={draft} profile={profile} update={update} fieldError={fieldError} />
      <RecurringPreview request={previewRequest} onError={setPreviewError} />
    </div>
  );

  const sending = ({ fieldError }: BodySlotContext) => (
    <>
      <h2>Sending</h2>
      <Checkbox checked={draft.autoSend} onChange={(autoSend) => update({ autoSend })}>
        Email each invoice to the client as soon as it is created
      </Checkbox>
      {fieldError('autoSend') && <p className="field-error">{fieldError('autoSend')}</p>}
      <AutoSendRecipients autoSend={draft.autoSend} client={client} recipients={recipients} />
    </>
  );

  return (
    <EditorPage
      listHref="/app/recurring"
      listLabel="Recurring invoices"
      document={profile && { id: profile.id, name: profileName(profile) }}
      title={profile ? `Edit ${profileName(profile)}` : 'New recurring profile'}
      notice={
        profile &&
        'Changes apply to the invoices created from now on; those already created stay as they are.'
      }
      needsClient={!data.newestClient && !profile}
    >
      <DocumentBodyEditor
        body={body}
        setBody={setBody}
        choices={data}
        settings={settings}
        partyHeading="Profile"
        ownFieldError={(field) => localErrors[field] ?? previewError?.fieldMessage(field)}
        leadFields={nameField}
        beforeLines={schedule}
        extraFields={sending}
        onSave={save}
        cancelHref={profile ? `/app/recurring/${profile.id}` : '/app/recurring'}
        submitLabel={profile ? 'Save profile' : 'Create profile'}
      />
    </EditorPage>
  );
}
