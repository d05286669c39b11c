// Just enough of the POSIX shell's word splitting to read the commands the documentation shows.

/** A command line of a shell block, with continuation lines joined. */
export interface CommandLine {
  /** 0-based index of its first line in the block */
  index: number;
  text: string;
}

/** The command lines of a `sh` block: comments and blank lines dropped, `\` continuations joined, a `$ ` prompt removed. */
export function commandLines(block: string): CommandLine[] {
  const out: CommandLine[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i]!.replace(/^\s*\$ /, '');
    const index = i;
    while (text.endsWith('\\') && i + 1 < lines.length)
      text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    out.push({ index, text: text.trim() });
  }
  return out;
}

/** Splits a command line into simple commands at unquoted `&&`, `||`, `;` and `|`. */
export function simpleCommands(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === '\\') {
      current += c + (line[++i] ?? '');
    } else if (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&')) {
      if (line[i + 1] === c) i++;
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.filter(Boolean);
}

/** True when the line holds an unquoted operator or redirection the docs test does not run. */
export function hasOperator(line: string): boolean {
  return simpleCommands(line).length > 1 || /(^|\s)[<>]|[^\s=]>|`|\$\(/.test(unquoted(line));
}

function unquoted(line: string): string {
  return line.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '');
}

/** The words of a simple command: quotes removed, a trailing `# comment` dropped. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in ${command}`);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && '"\\$`'.includes(command[j + 1] ?? '')) j++;
        word += command[j];
      }
      if (j >= command.length) throw new Error(`unclosed " in ${command}`);
      inWord = true;
      i = j;
    } else if (c === '\\') {
      word += command[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
