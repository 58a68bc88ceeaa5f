import { render } from 'preact';
import { App } from './App';
import { getTheme } from './lib/settings';
import './styles.css';

document.documentElement.dataset.theme = getTheme();
render(<App />, document.getElementById('app')!);
