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
// Front matter is blanked (same number of lines) before parsing, as Mintlify's serialize()
// strips it with vfile-matter; line numbers stay those of the file.
//
// Trimming: every node keeps `type`, `line`, `column` (start), and the fields below when present:
// children, value, depth, ordered, start, spread, checked, lang, meta, url, alt, title, name,
// attributes (JSX attribute names and, for literal values, the value; for expression values
// {"expression": source}), align, identifier, label, referenceType. ESM nodes keep their value.

import {readFileSync} from 'node:fs'
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

async function one(proc, path) {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    return {path, error: {message: `cannot read: ${err.code || err.message}`, line: 0, column: 0}}
  }
  const file = new VFile({path, value: blankFrontMatter(text.replace(/^\uFEFF/, ''))})
  try {
    const tree = proc.parse(file)
    await proc.run(tree, file)
    return {path, tree: trim(tree)}
  } catch (err) {
    const place = err.place || err.position
    const start = place && (place.start || place)
    return {
      path,
      error: {
        message: String(err.reason || err.message),
        line: (start && start.line) || err.line || 0,
        column: (start && start.column) || err.column || 0,
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
  const files = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--pipeline') pipeline = args[++i]
    else files.push(args[i])
  }
  const proc = processor(pipeline)
  const paths = files.length ? files : await readPaths()
  for (const path of paths) {
    const result = await one(proc, path)
    const line = JSON.stringify(result) + '\n'
    if (!process.stdout.write(line)) await new Promise((r) => process.stdout.once('drain', r))
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n')
  process.exit(2)
})

