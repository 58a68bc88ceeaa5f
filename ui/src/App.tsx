import { useState } from 'preact/hooks';
import { JumpBox } from './components/JumpBox';
import { Link } from './components/Link';
import { Empty } from './components/States';
import { ThemeToggle } from './components/ThemeToggle';
import { TokenControl } from './components/TokenControl';
import { parseRoute, useLocation, type Route } from './lib/router';
import { AuditPage } from './pages/audit/AuditPage';
import { HomePage } from './pages/home/HomePage';
import { LineagePage } from './pages/lineage/LineagePage';
import { MetricsPage } from './pages/metrics/MetricsPage';
import { TracePage } from './pages/trace/TracePage';

/** The frame (header, navigation, settings) and the page the URL names. */
export function App() {
  const { path, query } = useLocation();
  const [session, setSession] = useState(0); // a new token reloads the page's data
  const route = parseRoute(path);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <Link href="/" class="brand">Wake</Link>
        <nav aria-label="Pages">
          <NavLink href="/" current={route.page === 'home'}>Activity</NavLink>
          <NavLink href="/metrics" current={route.page === 'metrics'}>Metrics</NavLink>
          <NavLink href="/audit" current={route.page === 'audit'}>Audit</NavLink>
        </nav>
        <JumpBox />
        <div class="settings">
          <TokenControl onChange={() => setSession((s) => s + 1)} />
          <ThemeToggle />
        </div>
      </header>
      <main id="main" key={session}>
        <Page route={route} query={query} />
      </main>
    </>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: string }) {
  return <Link href={href} aria-current={current ? 'page' : undefined}>{children}</Link>;
}

function Page({ route, query }: { route: Route; query: URLSearchParams }) {
  switch (route.page) {
    case 'home': return <HomePage query={query} />;
    case 'trace': return <TracePage traceId={route.traceId} query={query} />;
    case 'agent': return <LineagePage instanceId={route.instanceId} query={query} />;
    case 'metrics': return <MetricsPage query={query} />;
    case 'audit': return <AuditPage />;
    default: return <Empty>No page at {route.path}. <Link href="/">Recent activity</Link></Empty>;
  }
}
