/**
 * The rotation time: Infisical stores a time of day in UTC, people think in local time. The
 * offset (minutes east of UTC) is today's, so a schedule set in summer shows an hour off in
 * winter where daylight saving applies; the UTC value shown next to it is what is stored.
 */

export interface TimeOfDay {
  hours: number;
  minutes: number;
}

const DAY = 24 * 60;
const pad = (n: number) => String(n).padStart(2, '0');
const wrap = (minutes: number) => ((minutes % DAY) + DAY) % DAY;

/** Today's local offset from UTC in minutes (east positive). */
export function localOffsetMinutes(now = new Date()): number {
  return -now.getTimezoneOffset();
}

export function formatTimeOfDay(t: TimeOfDay): string {
  return `${pad(t.hours)}:${pad(t.minutes)}`;
}

export function utcToLocalTime(utc: TimeOfDay, offsetMinutes: number): string {
  const total = wrap(utc.hours * 60 + utc.minutes + offsetMinutes);
  return formatTimeOfDay({ hours: Math.floor(total / 60), minutes: total % 60 });
}

/** Reads "HH:MM" (or "HH:MM:SS", as time inputs may give) in local time; undefined when unreadable. */
export function localTimeToUtc(text: string, offsetMinutes: number): TimeOfDay | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  const total = wrap(hours * 60 + minutes - offsetMinutes);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
