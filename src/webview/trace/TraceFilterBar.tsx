import { PACKET_TYPES, TRANSPORT_TYPES, type TraceDirection, type TraceType } from '../../shared/trace/traceEntry';
import type { TraceFilter } from '../../shared/trace/traceFilter';
import { Dropdown, type DropdownOption } from '../toolkit/Dropdown';
import { TextField } from '../toolkit/TextField';

const TYPE_OPTIONS: DropdownOption<'' | TraceType>[] = [{ value: '', label: 'All types' }, ...[...PACKET_TYPES, ...TRANSPORT_TYPES].map((t) => ({ value: t, label: t.toUpperCase() }))];
const DIR_OPTIONS: DropdownOption<'' | TraceDirection>[] = [
  { value: '', label: 'Both ways' },
  { value: 'in', label: 'Received' },
  { value: 'out', label: 'Sent' },
  { value: 'transport', label: 'Transport' },
];

export interface TraceFilterBarProps {
  filter: TraceFilter;
  /** The packet id field as typed (it may not be a number yet). */
  packetIdText: string;
  onChange: (filter: TraceFilter, packetIdText: string) => void;
}

/** Filters of the timeline: packet type, direction, topic, packet id. */
export function TraceFilterBar({ filter, packetIdText, onChange }: TraceFilterBarProps) {
  const packetIdProblem = packetIdText !== '' && !/^\d{1,5}$/.test(packetIdText) ? 'A packet id is a number from 1 to 65535.' : undefined;
  return (
    <div class="trace-filters">
      <Dropdown
        label="Type"
        testId="trace-filter-type"
        value={filter.types[0] ?? ''}
        options={TYPE_OPTIONS}
        onChange={(v) => {
          onChange({ ...filter, types: v === '' ? [] : [v] }, packetIdText);
        }}
      />
      <Dropdown
        label="Direction"
        testId="trace-filter-dir"
        value={filter.dir ?? ''}
        options={DIR_OPTIONS}
        onChange={(v) => {
          const next: TraceFilter = { ...filter };
          if (v === '') delete next.dir;
          else next.dir = v;
          onChange(next, packetIdText);
        }}
      />
      <TextField
        label="Topic contains"
        testId="trace-filter-topic"
        value={filter.topic ?? ''}
        onInput={(v) => {
          const next: TraceFilter = { ...filter };
          if (v === '') delete next.topic;
          else next.topic = v;
          onChange(next, packetIdText);
        }}
      />
      <TextField
        label="Packet id"
        testId="trace-filter-id"
        value={packetIdText}
        invalid={packetIdProblem !== undefined}
        onInput={(v) => {
          const next: TraceFilter = { ...filter };
          const id = /^\d{1,5}$/.test(v) ? Number(v) : undefined;
          if (id === undefined || id > 65_535) delete next.packetId;
          else next.packetId = id;
          onChange(next, v);
        }}
      />
      {packetIdProblem ? (
        <span class="problem" role="alert">
          {packetIdProblem}
        </span>
      ) : null}
    </div>
  );
}
