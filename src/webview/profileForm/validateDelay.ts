/** Typing pauses this long before the host checks the profile (each check parses the whole profile). */
export const VALIDATE_DELAY_MS = 400;
