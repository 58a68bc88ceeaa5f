export function LineagePage(_: Record<string, unknown>) {
  return <div class="page"><h1>LineagePage</h1></div>;
}
