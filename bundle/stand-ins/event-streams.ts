import { leftOut, leftOutClass } from './left-out.js';

/** Stands in for @smithy/core/event-streams: no IAM Identity Center operation streams events. */
const PKG = '@smithy/core/event-streams';
const REASON = 'no IAM Identity Center operation uses event streams';

export const EventStreamSerde = leftOutClass(PKG, 'EventStreamSerde', REASON);
export const eventStreamSerdeProvider = leftOut(PKG, 'eventStreamSerdeProvider', REASON);
