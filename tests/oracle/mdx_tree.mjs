#!/usr/bin/env node
// The MDX 3 oracle for hubdocs' differential test (tests/mdx_oracle.py). Test-only, never shipped.
//
// Reads many .mdx files in one process and prints, for each, the mdast tree MDX 3 parses it to
// (trimmed to what the comparison needs) or the parse error with line:col.
//
// Input (stdin): a JSON list of paths, or one path per line. Output (stdout): one JSON object per
// input file, one per line, in input order:
//   {"path": "...", "tree": {...}}                       the mdast root, trimmed
//   {"path": "...", "error": {"message": "...", "line": 3, "column": 5, "rule": "...", "source": "..."}}
//
// Pipelines (`--pipeline NAME`, default `mdx`):
//   mdx       remark-parse + remark-mdx: what @mdx-js/mdx 3 parses before it compiles (its
//             `createProcessor` uses exactly these two for format "mdx").
//   mintlify  the remark plugins @mintlify/mdx 4 `serialize()` passes to MDX (remark-gfm,
//             remark-smartypants, remark-math), on top of `mdx`: GFM tables, strikethrough,
//             autolinks and task lists, as Mintlify publishes them.
// Snippets (`--root DIR`): `import Name from "/snippets/x.mdx"` (or a relative path) is resolved as
// Mintlify resolves it: each `<Name …/>` element becomes {"type": "snippet", "name", "path",
// "children"} holding the snippet's own tree, with `{prop}` expressions filled from the element's
// literal attributes. Depth is bounded (8) and cycles are cut; an unreadable or unparsable
// snippet leaves the element as it is and records {"snippetError": "..."} on it.
// Front matter is blanked (same number of lines) before parsing, as Mintlify's serialize()
// strips it with vfile-matter; line numbers stay those of the file.
//
// Trimming: every node keeps `type`, `line`, `column` (start), and the fields below when present:
// children, value, depth, ordered, start, spread, checked, lang, meta, url, alt, title, name,
// attributes (JSX attribute names and, for literal values, the value; for expression values
// {"expression": source}), align, identifier, label, referenceType. ESM nodes keep their value.

import {readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkMdx from 'remark-mdx'
import remarkParse from 'remark-parse'
import remarkSmartypants from 'remark-smartypants'
import {unified} from 'unified'
import {VFile} from 'vfile'

const KEEP = [
  'value', 'depth', 'ordered', 'start', 'spread', 'checked', 'lang', 'meta', 'url', 'alt',
  'title', 'name', 'align', 'identifier', 'label', 'referenceType',
]
const FRONT_MATTER = /^---(?:\r?\n|\r)(?:([\s\S]*?)(?:\r?\n|\r))?---(?:\r?\n|\r|$)/

function processor(name) {
  const proc = unified().use(remarkParse).use(remarkMdx)
  if (name === 'mintlify') proc.use(remarkGfm).use(remarkSmartypants).use(remarkMath)
  else if (name !== 'mdx') throw new Error(`unknown pipeline ${name}`)
  return proc
}

function trim(node) {
  const out = {type: node.type}
  if (node.position) {
    out.line = node.position.start.line
    out.column = node.position.start.column
  }
  for (const key of KEEP) {
    if (node[key] !== undefined && node[key] !== null) out[key] = node[key]
  }
  if (node.attributes) {
    out.attributes = node.attributes.map((a) => {
      if (a.type === 'mdxJsxExpressionAttribute') return {spread: a.value}
      if (a.value && typeof a.value === 'object') return {name: a.name, expression: a.value.value}
      return {name: a.name, value: a.value === null ? true : a.value}
    })
  }
  if (node.children) out.children = node.children.map(trim)
  return out
}

function blankFrontMatter(text) {
  const m = FRONT_MATTER.exec(text)
  if (!m) return text
  return m[0].replace(/[^\r\n]/g, '') + text.slice(m[0].length)
}

const IMPORT = /import\s+([A-Za-z_$][\w$]*)\s+from\s*(["'])([^"'\n]+\.mdx?)\2/g
const IDENT = /^\s*([A-Za-z_$][\w$]*)\s*$/
const MAX_SNIPPET_DEPTH = 8

async function parseFile(proc, path) {
  const text = readFileSync(path, 'utf8')
  const file = new VFile({path, value: blankFrontMatter(text.replace(/^\uFEFF/, ''))})
  const tree = proc.parse(file)
  await proc.run(tree, file)
  return trim(tree)
}

function imports(tree) {
  const out = new Map()
  for (const node of tree.children || []) {
    if (node.type !== 'mdxjsEsm') continue
    for (const m of node.value.matchAll(IMPORT)) out.set(m[1], m[3])
  }
  return out
}

function fillProps(node, props) {
  if ((node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression') && node.value) {
    const m = IDENT.exec(node.value)
    if (m && Object.hasOwn(props, m[1])) {
      const text = {type: 'text', line: node.line, column: node.column, value: String(props[m[1]])}
      return node.type === 'mdxFlowExpression' ? {...text, type: 'paragraph', children: [text]} : text
    }
  }
  if (!node.children) return node
  return {...node, children: node.children.map((c) => fillProps(c, props))}
}

async function resolveSnippets(proc, tree, path, root, stack) {
  const names = imports(tree)
  if (!names.size) return tree
  const here = dirname(path)
  const walk = async (node) => {
    if (!node.children) return node
    const children = []
    for (const child of node.children) {
      const target = child.name && names.get(child.name)
      if (target && (child.type === 'mdxJsxFlowElement' || child.type === 'mdxJsxTextElement')) {
        const real = target.startsWith('/') ? join(root || here, target) : resolve(here, target)
        if (stack.includes(real) || stack.length >= MAX_SNIPPET_DEPTH) {
          children.push({...child, snippetError: 'snippet cycle or too deep'})
          continue
        }
        try {
          let sub = await parseFile(proc, real)
          sub = await resolveSnippets(proc, sub, real, root, [...stack, real])
          const props = {}
          for (const a of child.attributes || []) {
            if (a.name && a.value !== undefined) props[a.name] = a.value
          }
          sub = fillProps(sub, props)
          children.push({
            type: 'snippet', line: child.line, column: child.column, name: child.name,
            path: target, flow: child.type === 'mdxJsxFlowElement', children: sub.children,
          })
        } catch (err) {
          children.push({...child, snippetError: String(err.reason || err.message)})
        }
        continue
      }
      children.push(await walk(child))
    }
    return {...node, children}
  }
  return walk(tree)
}

async function one(proc, path, root) {
  try {
    readFileSync(path)
  } catch (err) {
    return {path, error: {message: `cannot read: ${err.code || err.message}`, line: 0, column: 0}}
  }
  try {
    let tree = await parseFile(proc, path)
    if (root !== null) tree = await resolveSnippets(proc, tree, path, root, [resolve(path)])
    return {path, tree}
  } catch (err) {
    const place = err.place || err.position
    const start = place && (place.start || place)
    const message = String(err.reason || err.message)
    const inMessage = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(message) || []
    return {
      path,
      error: {
        message,
        line: (start && start.line) || err.line || Number(inMessage[1]) || 0,
        column: (start && start.column) || err.column || Number(inMessage[2]) || 0,
        rule: err.ruleId || '',
        source: err.source || '',
      },
    }
  }
}

async function readPaths() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const input = Buffer.concat(chunks).toString('utf8').trim()
  if (!input) return []
  if (input.startsWith('[')) return JSON.parse(input)
  return input.split(/\r?\n/).filter((l) => l.trim())
}

async function main() {
  const args = process.argv.slice(2)
  let pipeline = 'mdx'
  let root = null
  const files = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--pipeline') pipeline = args[++i]
    else if (args[i] === '--root') root = args[++i]
    else files.push(args[i])
  }
  const proc = processor(pipeline)
  const paths = files.length ? files : await readPaths()
  for (const path of paths) {
    const result = await one(proc, path, root)
    const line = JSON.stringify(result) + '\n'
    if (!process.stdout.write(line)) await new Promise((r) => process.stdout.once('drain', r))
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n')
  process.exit(2)
})

