// What a replayed screen must not contain: the questions a program asked the terminal back then. busybox ash asks
// for the cursor position (ESC[6n) at every prompt; vi, less and others ask for device attributes, modes or
// colours. A fresh xterm that draws a replay answers every question in it, and the answers (ESC[6;12R …) land in
// whatever reads the shell's input now — `kubectl get -w`, then the prompt after Ctrl-C. Replays drop the questions;
// live output keeps them, since the program asking now does want its answer.

/** The terminal queries xterm.js answers: DSR/CPR, DA1/DA2/DA3, DECRQM, DECRQSS, XTVERSION, window reports, colour queries. */
const QUERIES = new RegExp(
  [
    '\\x1b\\[\\??\\d*n', // device status, cursor position (CSI 5n, 6n, ?6n)
    '\\x1b\\[[>=]?\\d*c', // device attributes (CSI c, CSI 0c, CSI >c, CSI =c)
    '\\x1b\\[\\??\\d+\\$p', // request mode (DECRQM)
    '\\x1b\\[>\\d*q', // terminal name and version (XTVERSION)
    '\\x1b\\[(?:1[13489]|2[01]|14|16|18)(?:;\\d*)*t', // window reports (CSI 14t, 18t, …)
    '\\x1bP\\$q[^\\x1b\\x07]*(?:\\x1b\\\\|\\x07)', // request setting (DECRQSS)
    '\\x1b\\](?:4;\\d+|1[0-9]|5;\\d+);\\?(?:\\x1b\\\\|\\x07)', // colour queries (OSC 4, 10–19)
  ].join('|'),
  'g',
);

/** The screen text without the questions programs asked the terminal. */
export function withoutTerminalQueries(text: string): string {
  return text.replace(QUERIES, '');
}
