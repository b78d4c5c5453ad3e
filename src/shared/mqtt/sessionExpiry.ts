/**
 * MQTT 5: the Session Expiry Interval (s) TraceMQ asks for when a profile turns clean session off
 * and sets no expiry. In MQTT 5 an absent expiry means 0 (the session ends with the connection),
 * so "clean session off" would resume nothing; an hour keeps what the broker queued over a restart,
 * a lost network or a lunch break, without leaving sessions behind for days.
 */
export const DEFAULT_SESSION_EXPIRY_S = 3600;
