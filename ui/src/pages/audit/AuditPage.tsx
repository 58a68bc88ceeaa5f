export function AuditPage(_: Record<string, unknown>) {
  return <div class="page"><h1>AuditPage</h1></div>;
}
