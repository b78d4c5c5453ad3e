import * as vscode from 'vscode';
import type { QoS, SubscriptionSpec } from '../../shared/mqtt/publishShapes';
import { MAX_SUBSCRIPTION_IDENTIFIER } from '../../shared/mqtt/publishShapes';
import { topicFilterError } from '../../shared/mqtt/topicFilter';

type OptionItem = vscode.QuickPickItem & { option: 'noLocal' | 'retainAsPublished' | 'rh1' | 'rh2' };

/**
 * Asks for a subscription in native quick inputs: the topic filter (unless editing one), the QoS
 * and, for MQTT 5, the subscription options (no local, retain as published, retain handling) and
 * a subscription identifier. `initial` prefills every step when editing.
 */
export async function askSubscription(title: string, mqtt5: boolean, initial?: SubscriptionSpec): Promise<SubscriptionSpec | undefined> {
  const topic =
    initial?.topic ??
    (await vscode.window.showInputBox({
      title,
      prompt: "Topic filter; '+' matches one level, '#' the rest",
      placeHolder: 'sensors/+/temperature',
      validateInput: (v) => topicFilterError(v),
      ignoreFocusOut: true,
    }));
  if (topic === undefined) return undefined;

  const qosItems: (vscode.QuickPickItem & { qos: QoS })[] = [
    { label: 'QoS 0', description: 'at most once', qos: 0 },
    { label: 'QoS 1', description: 'at least once', qos: 1 },
    { label: 'QoS 2', description: 'exactly once', qos: 2 },
  ];
  const qosPick = await pick(qosItems, { title: `${title}: ${topic}`, placeholder: 'Quality of service', active: (i) => i.qos === (initial?.qos ?? 0) });
  if (!qosPick) return undefined;
  const spec: SubscriptionSpec = { topic, qos: qosPick.qos };
  if (!mqtt5) return spec;

  const options: OptionItem[] = [
    { label: 'No local', description: 'do not receive what this client publishes', option: 'noLocal', picked: initial?.noLocal === true },
    { label: 'Retain as published', description: 'keep the retain flag of forwarded messages', option: 'retainAsPublished', picked: initial?.retainAsPublished === true },
    { label: 'Retained: only for a new subscription', description: 'retain handling 1', option: 'rh1', picked: initial?.retainHandling === 1 },
    { label: 'Retained: never', description: 'retain handling 2 (default 0: send at every subscribe)', option: 'rh2', picked: initial?.retainHandling === 2 },
  ];
  const chosen = await vscode.window.showQuickPick(options, {
    title: `${title}: ${topic} (MQTT 5 options)`,
    placeHolder: 'Subscription options (none is fine); Enter to go on',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!chosen) return undefined;
  const has = (o: OptionItem['option']): boolean => chosen.some((c) => c.option === o);
  if (has('rh1') && has('rh2')) {
    void vscode.window.showErrorMessage('TraceMQ: choose one retain handling: "only for a new subscription" or "never".');
    return undefined;
  }
  if (has('noLocal')) spec.noLocal = true;
  if (has('retainAsPublished')) spec.retainAsPublished = true;
  if (has('rh1')) spec.retainHandling = 1;
  if (has('rh2')) spec.retainHandling = 2;

  const identifier = await vscode.window.showInputBox({
    title: `${title}: ${topic} (MQTT 5 options)`,
    prompt: `Subscription identifier, 1 to ${MAX_SUBSCRIPTION_IDENTIFIER.toLocaleString('en-US')}: the broker tags matching messages with it. Leave empty for none.`,
    value: initial?.subscriptionIdentifier === undefined ? '' : String(initial.subscriptionIdentifier),
    validateInput: (v) => (v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_SUBSCRIPTION_IDENTIFIER) ? undefined : `A whole number from 1 to ${MAX_SUBSCRIPTION_IDENTIFIER.toLocaleString('en-US')}, or empty.`),
    ignoreFocusOut: true,
  });
  if (identifier === undefined) return undefined;
  if (identifier.trim() !== '') spec.subscriptionIdentifier = Number(identifier.trim());
  return spec;
}

/** A single-choice quick pick with an item made active (the current value). */
function pick<T extends vscode.QuickPickItem>(items: T[], o: { title: string; placeholder: string; active: (i: T) => boolean }): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = o.title;
    qp.placeholder = o.placeholder;
    qp.items = items;
    qp.activeItems = items.filter(o.active);
    qp.ignoreFocusOut = true;
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
