/** How a count is phrased: one place, so that "1 profiles" cannot happen anywhere. */

/** The count and its noun: "1 profile", "3 profiles"; `nouns` for a plural that is not noun + s. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${byCount(count, noun, nouns)}`;
}

/** The word that agrees with the count, without the count: "is"/"are", "it"/"they". */
export function byCount<T extends string>(count: number, one: T, many: T): T {
  return count === 1 ? one : many;
}
