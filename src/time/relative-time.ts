import { plural } from '../shared/plural.js';

/** "in 3 days", "in 40 minutes", "already passed". */
export function timeUntil(when: Date, now: Date): string {
  const minutes = Math.floor((when.getTime() - now.getTime()) / 60_000);
  if (minutes < 0) return 'already passed';
  if (minutes < 120) return `in ${plural(minutes, 'minute')}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} hours`;
  return `in ${Math.floor(hours / 24)} days`;
}

/** "90 seconds", "10 minutes": how long something was waited for. */
export function describeWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return plural(seconds, 'second');
  return `${Math.round(seconds / 60)} minutes`;
}
