import type { Node } from 'jsonc-parser';
import type { PayloadEncoding, PublishParams, PublishProperties, QoS } from '../../shared/mqtt/publishShapes';
import { hasWildcard, topicNameError } from '../../shared/mqtt/topicFilter';
import { child, nameProblem, ObjectReader, userPropertyProblem, type ProblemSink } from '../profiles/jsonReader';
import { decodePayload, PublishError } from './publishOptions';

/** A saved publish of `.tracemq.json` (`templates`), before it is told apart from the user's. */
export interface TemplateEntry {
  name: string;
  publish: PublishParams;
}

const UINT32_MAX = 0xffff_ffff;

/** The keys of a template and of its properties (media/tracemq.schema.json lists the same). */
export const TEMPLATE_KEYS = {
  template: ['name', 'topic', 'payload', 'encoding', 'encode', 'qos', 'retain', 'properties'],
  properties: ['contentType', 'payloadFormatIndicator', 'messageExpiryInterval', 'topicAlias', 'responseTopic', 'correlationData', 'userProperties'],
} as const;

/**
 * The `templates` array of a `.tracemq.json` (SPEC.md): each problem located, every valid template
 * kept even when others are broken.
 */
export function parseTemplates(root: Node, sink: ProblemSink): TemplateEntry[] {
  const list = child(root, 'templates');
  if (!list) return [];
  if (list.type !== 'array') {
    sink.add('"templates" must be an array of { "name", "topic", "payload", … } objects.', 'templates', list, 'error', true);
    return [];
  }
  const templates: TemplateEntry[] = [];
  const names = new Set<string>();
  (list.children ?? []).forEach((node, index) => {
    const path = `templates[${index}]`;
    if (node.type !== 'object') {
      sink.add('A template must be an object with at least "name" and "topic".', path, node, 'error', true);
      return;
    }
    const errorsBefore = sink.errorCount;
    const r = new ObjectReader(node, path, sink, TEMPLATE_KEYS.template, 'The template');
    const name = r.str('name', true);
    const badName = name === undefined ? undefined : nameProblem(name);
    if (badName) r.error(badName, 'name', 'error', name === '');
    const topic = r.str('topic', true);
    const topicProblem = topic === undefined ? undefined : topicNameError(topic);
    if (topicProblem) r.error(topicProblem, 'topic', 'error', hasWildcard(topic) || topic === '');
    const payload = r.str('payload') ?? '';
    const encodingNode = r.child('encoding');
    let encoding: PayloadEncoding = 'utf8';
    if (encodingNode) {
      const e = r.str('encoding');
      if (e === 'utf8' || e === 'hex' || e === 'base64') encoding = e;
      else if (e !== undefined) r.shapeError('"encoding" is "utf8" (text, the default), "hex" or "base64".', 'encoding');
    }
    if (encoding !== 'utf8') {
      // Checked now, at its line, rather than when the template is published.
      try {
        decodePayload(payload, encoding);
      } catch (e) {
        if (!(e instanceof PublishError)) throw e;
        r.error(e.message, 'payload');
      }
    }
    // Encoded through the topic's binding when published (the binding may change: not checked here).
    const encode = r.bool('encode') ?? false;
    if (encode) {
      if (encoding !== 'utf8') r.error('"encode": true publishes a JSON payload written as text: leave out "encoding".', 'encode');
      else if (jsonProblem(payload)) r.error(`"encode": true needs the payload to be JSON: ${jsonProblem(payload) ?? ''}`, 'payload');
    }
    const qos = (r.int('qos', 0, 2) ?? 0) as QoS;
    const retain = r.bool('retain') ?? false;
    const properties = parseProperties(r);
    if (name !== undefined && names.has(name)) r.error(`Another template is already named "${name}".`, 'name');
    if (sink.errorCount > errorsBefore || sink.damagedWithin(node) || name === undefined || badName || topic === undefined) return;
    const publish: PublishParams = { topic, payload, encoding, qos, retain };
    if (properties) publish.properties = properties;
    if (encode) publish.encode = true;
    names.add(name);
    templates.push({ name, publish });
  });
  return templates;
}

function parseProperties(r: ObjectReader): PublishProperties | undefined {
  const pr = r.object('properties', TEMPLATE_KEYS.properties, '{ "contentType", "payloadFormatIndicator", … }');
  if (!pr) return undefined;
  const p: PublishProperties = {};
  const contentType = pr.mqttStr('contentType');
  if (contentType !== undefined) p.contentType = contentType;
  const pfi = pr.int('payloadFormatIndicator', 0, 1);
  if (pfi !== undefined) p.payloadFormatIndicator = pfi as 0 | 1;
  const expiry = pr.int('messageExpiryInterval', 0, UINT32_MAX);
  if (expiry !== undefined) p.messageExpiryInterval = expiry;
  const alias = pr.int('topicAlias', 1, 65535);
  if (alias !== undefined) p.topicAlias = alias;
  const responseTopic = pr.str('responseTopic');
  if (responseTopic !== undefined) {
    const problem = topicNameError(responseTopic);
    // The schema's minLength and pattern refuse an empty topic and wildcards; the rest is TraceMQ's.
    if (problem) pr.error(`Response topic: ${problem}`, 'responseTopic', 'error', hasWildcard(responseTopic) || responseTopic === '');
    else p.responseTopic = responseTopic;
  }
  const correlationData = pr.str('correlationData');
  if (correlationData !== undefined) p.correlationData = correlationData;
  const user = pr.stringMap('userProperties', userPropertyProblem);
  if (user) p.userProperties = Object.entries(user);
  return p;
}

/** Why a JSON payload does not parse, or undefined when it does. */
function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
