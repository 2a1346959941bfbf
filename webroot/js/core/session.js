// Who is signed in and what the platform offers: the state every feature reads.
import { signal } from '@preact/signals';

/** The signed-in user (null when signed out). */
export const me = signal(null);
/** Whether the chat is shown (false from signing out until the next sign-in). */
export const chat = { active: false };
/** What the platform offers (GET /api/v1/features): nothing optional until it has answered. */
export const platform = signal({ uploads: false, search: false, translation: false, languages: [], limits: {} });
