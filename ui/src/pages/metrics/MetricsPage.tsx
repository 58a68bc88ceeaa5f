export function MetricsPage(_: Record<string, unknown>) {
  return <div class="page"><h1>MetricsPage</h1></div>;
}
