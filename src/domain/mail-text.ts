/**
 * The words of every email the service sends, in plain text (no HTML, so nothing a person typed is
 * ever read as markup). GOV.UK Notify's style: say what happened and what to do, one link per
 * action on its own line, no greeting or sign-off beyond who sent it.
 */

export interface MailText {
  subject: string;
  text: string;
}

const FOOTER = (sender: string) =>
  `\n\n---\nThis is an automatic email from the ${sender}. Replies to it are not read.`;

const join = (...paras: (string | null | undefined | false)[]) => paras.filter(Boolean).join('\n\n');

export function draftSharedText(v: {
  sender: string;
  serviceName: string;
  title: string;
  ref: string;
  /** The last day for comments, as people read it ("Friday 18 December 2026"). */
  deadline: string;
  link: string;
}): MailText {
  return {
    subject: `Draft inspection report ready for your factual accuracy check: ${v.serviceName}`,
    text:
      join(
        `The draft report of the inspection of ${v.serviceName} is ready for you to check for factual accuracy.`,
        `Inspection: ${v.title} (${v.ref})`,
        `Send your comments by ${v.deadline}.`,
        `Sign in to read the draft and send your comments:\n${v.link}`,
        'Tell us about anything in the draft that is factually wrong or missing. ' +
          'The inspection team reads every comment before the report is approved.',
      ) + FOOTER(v.sender),
  };
}

export function commentReceivedText(v: {
  sender: string;
  serviceName: string;
  ref: string;
  author: string;
  /** The part of the report the comment is about. */
  section: string;
  link: string;
}): MailText {
  return {
    subject: `Factual accuracy comment received: ${v.serviceName}`,
    text:
      join(
        `${v.author} has commented on the draft report of the inspection of ${v.serviceName} (${v.ref}).`,
        `Section: ${v.section}`,
        `Sign in to read the comment and answer it:\n${v.link}`,
      ) + FOOTER(v.sender),
  };
}

/** The team and the lead, when the lead sets the day the rating panel sits or changes it. */
export function panelDateText(v: {
  sender: string;
  serviceName: string;
  title: string;
  ref: string;
  /** When the panel sits, in UK time ("16 March 2027 at 10:00"). */
  when: string;
  /** When it was to sit before this change; null when the date is set for the first time. */
  previous: string | null;
  link: string;
}): MailText {
  return {
    subject: `${v.previous ? 'Rating panel date changed' : 'Rating panel date set'}: ${v.serviceName}`,
    text:
      join(
        v.previous
          ? `The rating panel for the inspection of ${v.serviceName} has moved. ` +
              `It now sits on ${v.when} (UK time), not ${v.previous}.`
          : `The rating panel for the inspection of ${v.serviceName} sits on ${v.when} (UK time).`,
        `Inspection: ${v.title} (${v.ref})`,
        `Sign in to see the panel's ratings so far:\n${v.link}`,
        'Finish your case assessments before the panel sits.',
      ) + FOOTER(v.sender),
  };
}

export function deadlineReminderText(v: {
  sender: string;
  serviceName: string;
  ref: string;
  deadline: string;
  link: string;
}): MailText {
  return {
    subject: `Factual accuracy check closes in 2 working days: ${v.serviceName}`,
    text:
      join(
        `Comments on the draft report of the inspection of ${v.serviceName} (${v.ref}) are due by ${v.deadline}.`,
        `Sign in to read the draft, send any comments and see the inspection team's answers:\n${v.link}`,
      ) + FOOTER(v.sender),
  };
}

export function previewLinkText(v: {
  sender: string;
  serviceName: string;
  recipient: string;
  link: string;
  embargo: string | null;
  expires: string;
}): MailText {
  return {
    subject: `Embargoed preview: inspection report on ${v.serviceName}`,
    text:
      join(
        `You have been sent an embargoed preview of the inspection report on ${v.serviceName}, for ${v.recipient}.`,
        v.embargo
          ? `The report is under embargo until ${v.embargo}. Do not publish or share anything from it before then.`
          : 'The report is under embargo until it is published. Do not publish or share anything from it before then.',
        `Open the preview:\n${v.link}`,
        `The link works until ${v.expires}. It is for you only: ` +
          'every view is recorded, and the report is marked with your name.',
      ) + FOOTER(v.sender),
  };
}

export function confirmSubscriptionText(v: {
  sender: string;
  serviceName: string;
  link: string;
  days: number;
}): MailText {
  return {
    subject: `Confirm you want emails about ${v.serviceName}`,
    text:
      join(
        `Someone asked for an email to this address when an inspection report on ${v.serviceName} is published.`,
        `To confirm, open this link:\n${v.link}`,
        `The link works for ${v.days} days.`,
        'If you did not ask for this, ignore this email. You will not be sent anything else.',
      ) + FOOTER(v.sender),
  };
}

export function reportPublishedText(v: {
  sender: string;
  serviceName: string;
  title: string;
  link: string;
  unsubscribe: string;
}): MailText {
  return {
    subject: `Inspection report published: ${v.serviceName}`,
    text:
      join(
        `An inspection report on ${v.serviceName} has been published.`,
        `${v.title}:\n${v.link}`,
        `You are getting this email because you asked for emails about ${v.serviceName}.`,
        `Unsubscribe:\n${v.unsubscribe}`,
      ) + FOOTER(v.sender),
  };
}

/** Who every email says it is from: the site's name. */
export const MAIL_SENDER = 'Youth justice inspection register';
