/** Whether a peer address is loopback (127.0.0.0/8, ::1, or IPv4-mapped 127.x): the topology may be shown. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/** The client's IP as x-forwarded-for and ip_hash use it (IPv4-mapped addresses unwrapped). */
export function clientIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
