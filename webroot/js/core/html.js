// The page's views are Preact components written with htm's tagged templates: htm parses them at run
// time without eval or new Function (the page's CSP forbids both), and text is always set as text.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
