/**
 * MQTT 5 properties (as mqtt.js names them) in words, with their values explained: the detail pane
 * of a received message and the connection's CONNACK view show the same labels.
 */

const LABELS: Record<string, string> = {
  payloadFormatIndicator: 'Payload format',
  messageExpiryInterval: 'Message expiry',
  topicAlias: 'Topic alias',
  responseTopic: 'Response topic',
  correlationData: 'Correlation data',
  contentType: 'Content type',
  subscriptionIdentifier: 'Subscription identifier',
  userProperties: 'User properties',
  sessionExpiryInterval: 'Session expiry',
  assignedClientIdentifier: 'Assigned client id',
  serverKeepAlive: 'Server keep alive',
  authenticationMethod: 'Authentication method',
  authenticationData: 'Authentication data',
  requestProblemInformation: 'Request problem information',
  willDelayInterval: 'Will delay',
  requestResponseInformation: 'Request response information',
  responseInformation: 'Response information',
  serverReference: 'Server reference',
  reasonString: 'Reason string',
  receiveMaximum: 'Receive maximum',
  topicAliasMaximum: 'Topic alias maximum',
  maximumQoS: 'Maximum QoS',
  retainAvailable: 'Retain available',
  maximumPacketSize: 'Maximum packet size',
  wildcardSubscriptionAvailable: 'Wildcard subscriptions',
  subscriptionIdentifiersAvailable: 'Subscription identifiers',
  sharedSubscriptionAvailable: 'Shared subscriptions',
};

/** The label of a property, or its own name for one this table does not know. */
export function propertyLabel(key: string): string {
  return LABELS[key] ?? key;
}

const seconds = (n: number): string => {
  if (n === 0xffff_ffff) return `${n.toLocaleString('en-US')} s (never expires)`;
  if (n < 120) return `${n} s`;
  if (n < 7200) return `${n.toLocaleString('en-US')} s (${Math.round(n / 60)} min)`;
  return `${n.toLocaleString('en-US')} s (${(n / 3600).toFixed(1)} h)`;
};

/**
 * A property value in words when the number or flag alone says little ("1" → "UTF-8 text"),
 * else undefined (the caller shows the value as it is).
 */
export function propertyWords(key: string, value: unknown): string | undefined {
  if (key === 'payloadFormatIndicator') {
    if (value === true || value === 1) return 'UTF-8 text (1)';
    if (value === false || value === 0) return 'unspecified bytes (0)';
  }
  if ((key === 'messageExpiryInterval' || key === 'sessionExpiryInterval' || key === 'willDelayInterval' || key === 'serverKeepAlive') && typeof value === 'number') {
    return seconds(value);
  }
  if (key === 'maximumPacketSize' && typeof value === 'number') return `${value.toLocaleString('en-US')} bytes`;
  if ((key === 'retainAvailable' || key === 'wildcardSubscriptionAvailable' || key === 'subscriptionIdentifiersAvailable' || key === 'sharedSubscriptionAvailable') && typeof value === 'boolean') {
    return value ? 'available' : 'not available';
  }
  return undefined;
}
