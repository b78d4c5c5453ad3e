/**
 * The colour of a subscription, shared by the tree (a ThemeColor `charts.<name>`) and the log rows
 * (the CSS variable `--vscode-charts-<name>`), so a subscription looks the same in both. Theme
 * chart colours follow light, dark and high-contrast themes.
 */
export const SUBSCRIPTION_COLOURS = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'] as const;

export type SubscriptionColour = (typeof SUBSCRIPTION_COLOURS)[number];

/** The colour of subscription `id` (ids start at 1); undefined for 0, "no known subscription". */
export function subscriptionColour(id: number): SubscriptionColour | undefined {
  if (!Number.isInteger(id) || id <= 0) return undefined;
  return SUBSCRIPTION_COLOURS[(id - 1) % SUBSCRIPTION_COLOURS.length];
}
