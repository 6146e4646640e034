// snippets/claim.json: well-formed, and each snippet, with every placeholder left at its
// default, inserts text that parses and checks clean (a line snippet under the header snippet).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { parseDocument } from '../../server/src/engine/parser';
import { loadTables } from '../../server/src/engine/tables';

const ROOT = join(__dirname, '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets', 'claim.json'), 'utf8')) as Record<string, Snippet>;

// ---------------------------------------------------------------------------------------------
// A small TextMate/VS Code snippet expander: $n, ${n}, ${n:default}, ${n|a,b|}, escapes.

type Node = string | { index: number; children: Node[] | undefined; choices: string[] | undefined };

function parseSnippet(body: string): Node[] {
  let i = 0;
  const parseSequence = (stopAtBrace: boolean): Node[] => {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push(text);
      text = '';
    };
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
      } else if (c === '}' && stopAtBrace) {
        break;
      } else if (c === '$' && /[0-9]/.test(body[i + 1] ?? '')) {
        flush();
        const m = /^[0-9]+/.exec(body.slice(i + 1))!;
        nodes.push({ index: Number(m[0]), children: undefined, choices: undefined });
        i += 1 + m[0].length;
      } else if (c === '$' && body[i + 1] === '{') {
        flush();
        const m = /^\$\{([0-9]+)/.exec(body.slice(i));
        assert.ok(m, `only tabstops are used in snippets, found ${body.slice(i, i + 12)}…`);
        i += m[0].length;
        const index = Number(m[1]);
        if (body[i] === '}') {
          i++;
          nodes.push({ index, children: undefined, choices: undefined });
        } else if (body[i] === ':') {
          i++;
          const children = parseSequence(true);
          assert.equal(body[i], '}', `unterminated placeholder in ${body}`);
          i++;
          nodes.push({ index, children, choices: undefined });
        } else if (body[i] === '|') {
          const end = body.indexOf('|}', i + 1);
          assert.ok(end > i, `unterminated choice in ${body}`);
          const choices = body.slice(i + 1, end).split(',');
          assert.ok(choices.length > 1 && choices.every((x) => x.length > 0), `choices in ${body}`);
          i = end + 2;
          nodes.push({ index, children: undefined, choices });
        } else {
          assert.fail(`unexpected ${body[i]} in ${body}`);
        }
      } else {
        assert.ok(c !== '$', `a bare $ must be escaped in ${body}`);
        text += c;
        i++;
      }
    }
    flush();
    return nodes;
  };
  const nodes = parseSequence(false);
  assert.equal(i, body.length, `unbalanced } in ${body}`);
  return nodes;
}

/** The text inserted when every tab stop keeps its default (mirrors copy the placeholder). */
function expandDefaults(snippet: Snippet): string {
  const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
  const nodes = parseSnippet(body);
  const defaults = new Map<number, Node[] | string>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (typeof n === 'string') continue;
      if (n.choices && !defaults.has(n.index)) defaults.set(n.index, n.choices[0]);
      if (n.children) {
        if (!defaults.has(n.index)) defaults.set(n.index, n.children);
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: Node[]): string =>
    list
      .map((n) => {
        if (typeof n === 'string') return n;
        const d = defaults.get(n.index);
        return d === undefined ? '' : typeof d === 'string' ? d : render(d);
      })
      .join('');
  return render(nodes);
}

// ---------------------------------------------------------------------------------------------

/** Inserts `snippet` at the end of `before` the way VS Code does: later lines take the indentation of the insertion line. */
function insertAfter(before: string, snippet: string): string {
  const indent = /[ \t]*$/.exec(before.slice(before.lastIndexOf('\n') + 1))![0];
  return before + snippet.replace(/\n/g, `\n${indent}`);
}

const HEADER = 'Claim header';
const LINE_SNIPPETS = ['Drug line with JZ', 'Drug line with its JW line'];

describe('snippets', () => {
  test('each snippet has a prefix, a body and a description', () => {
    const names = Object.keys(snippets);
    assert.ok(names.length >= 3, `at least the three snippets: ${names.join(', ')}`);
    for (const name of [HEADER, ...LINE_SNIPPETS]) assert.ok(names.includes(name), `snippet "${name}"`);
    for (const [name, s] of Object.entries(snippets)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && /^\S+$/.test(p)), `${name}: prefix`);
      const body = Array.isArray(s.body) ? s.body : [s.body];
      assert.ok(body.length > 0 && body.every((l) => typeof l === 'string'), `${name}: body`);
      assert.ok(typeof s.description === 'string' && s.description.length > 10, `${name}: description`);
    }
  });

  test('the expander handles mirrors, choices, nested placeholders and escapes', () => {
    const s = (body: string) => expandDefaults({ prefix: 'x', body, description: 'x' });
    assert.equal(s('${1:J9037} u=${2:1}\n$1-JW$0'), 'J9037 u=1\nJ9037-JW');
    assert.equal(s('p=${1|medicare,medicaid|} ${2:a ${3:b}} \\$x'), 'p=medicare a b $x');
  });

  test('the defaults expand to the expected claim text', () => {
    assert.equal(expandDefaults(snippets[HEADER]), 'claim CLM-0001 payer=medicare dos=2025-01-15 dx=C91.00\n  ');
    assert.equal(expandDefaults(snippets['Drug line with JZ']), 'J9039-JZ units=28 dose=28mcg');
    assert.equal(expandDefaults(snippets['Drug line with its JW line']), 'J9039 units=28 dose=28mcg vial=1x35mcg\nJ9039-JW units=7');
  });

  test('the expanded text parses: a header, then service lines, no syntax problems', () => {
    for (const name of LINE_SNIPPETS) {
      const text = insertAfter(expandDefaults(snippets[HEADER]), expandDefaults(snippets[name]));
      const lines = parseDocument(text);
      assert.equal(lines[0].kind, 'header', `${name}: ${text}`);
      for (const l of lines.slice(1)) assert.equal(l.kind, 'service', `${name}: line ${l.line + 1} ${JSON.stringify(l.text)}`);
      for (const l of lines) assert.deepEqual(l.syntaxProblems, [], `${name}: line ${l.line + 1}`);
      for (const l of lines.slice(1)) assert.equal(l.indent, '  ', `${name}: service lines indented as the formatter does`);
    }
  });

  test('with their defaults, the snippets check clean (line snippets under the header snippet)', () => {
    const tables = loadTables();
    for (const name of LINE_SNIPPETS) {
      const text = insertAfter(expandDefaults(snippets[HEADER]), expandDefaults(snippets[name])) + '\n';
      const diagnostics = checkText(text, tables);
      assert.deepEqual(
        diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.id} ${d.message}`),
        [],
        `${name}:\n${text}`,
      );
    }
  });

  test('the header snippet alone only lacks its service lines', () => {
    const diagnostics = checkText(expandDefaults(snippets[HEADER]), loadTables());
    assert.deepEqual(diagnostics.map((d) => d.id), ['empty-claim']);
  });
});
