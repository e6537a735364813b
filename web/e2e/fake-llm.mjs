// A test LLM server for the end-to-end tests: OpenAI-compatible `POST /v1/chat/completions`
// on 127.0.0.1, answering what jobrec's OpenAI client (src/jobrec/llm/openai_client.cc) expects:
// a Chat Completions body whose choices[0].message.content is one JSON object conforming to the
// schema the request names in response_format.json_schema (src/jobrec/llm/schemas.cc), with a
// `usage` block. The answers are deterministic: the score of a posting is derived from its
// title, the justification names the title, and matched/missing skills come from the profile's
// skills found (or not) in the posting. It plays the part of
// src/jobrec/llm/testing/fake_llm_server.cc for the browser tests.
//
// Library: `const llm = await startFakeLlm({ apiKey, delayMs })` -> { baseUrl (ends in /v1),
// requests (what arrived), close() }. Standalone: `node e2e/fake-llm.mjs [port]`.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export const FAKE_MODEL = 'fake-llm-e2e';

/** The justification the fake gives for a posting (the e2e checks the cards show it). */
export function justificationFor(title) {
  return `You match the core of this ${title} role; the fake test LLM scored it from its title.`;
}

/** Deterministic 3..9 from the title, so different postings get different scores. */
export function scoreFor(title) {
  let h = 0;
  for (const ch of title) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return 3 + (h % 7);
}

function line(text, label) {
  const m = new RegExp(`^${label}:\\s*(.*)$`, 'm').exec(text);
  return m ? m[1].trim() : '';
}

/** The profile's technical skill names from "Technical skills with weights (…): Python (5), SQL (3)". */
function profileSkills(prompt) {
  const text = line(prompt, 'Technical skills with weights \\([^)]*\\)');
  return text
    .split(/,\s*/)
    .map((s) => s.replace(/\s*\(\d+\)\s*$/, '').trim())
    .filter((s) => s && s !== 'not stated');
}

const KNOWN_SKILLS = ['Kubernetes', 'Spark', 'Java', 'Docker', 'AWS', 'Scala', 'Tableau'];

function scoreReply(prompt) {
  // The posting block of the user message (the system prompt names the tags too, inline).
  const posting = /<job_posting>\n([\s\S]*?)\n<\/job_posting>/.exec(prompt)?.[1] ?? '';
  const title = line(posting, 'Title') || 'untitled';
  const lower = posting.toLowerCase();
  const skills = profileSkills(prompt);
  return {
    score: scoreFor(title),
    justification: justificationFor(title),
    matched_skills: skills.filter((s) => lower.includes(s.toLowerCase())),
    // Skills the posting names that the profile does not list.
    missing_skills: KNOWN_SKILLS.filter(
      (k) => new RegExp(`\\b${k}\\b`, 'i').test(posting) && !skills.some((s) => s.toLowerCase() === k.toLowerCase()),
    ),
    dealbreakers: [],
  };
}

/** A valid reply for the schema the request asks for. */
function replyFor(body) {
  const schema = body.response_format?.json_schema;
  const name = schema?.name ?? 'record_score';
  const prompt = (body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  if (name === 'record_score') return scoreReply(prompt);
  if (name === 'record_ideal_postings') {
    const n = schema.schema?.properties?.postings?.minItems ?? 1;
    return { postings: Array.from({ length: n }, (_, i) => `Ideal posting ${i + 1}: a data role using Python and SQL.`) };
  }
  if (name === 'record_search_keywords') return { include: ['python', 'data'], exclude: [] };
  return null;
}

const tokens = (s) => Math.max(1, Math.ceil(s.length / 4));

function send(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function openAiError(res, status, message, type) {
  send(res, status, { error: { message, type, param: null, code: null } });
}

/**
 * Starts the server on 127.0.0.1 (port 0 = any free one).
 * Options: apiKey (required in `Authorization: Bearer` when set), delayMs (per call, so a scoring
 * run takes long enough for its progress to be seen), port.
 */
export function startFakeLlm({ apiKey = '', delayMs = 0, port = 0 } = {}) {
  const requests = [];
  const timers = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* answered below */
      }
      requests.push({ method: req.method, path: req.url, headers: req.headers, body });
      if (req.method !== 'POST' || !/\/v1\/chat\/completions(\?|$)/.test(req.url ?? '')) {
        return openAiError(res, 404, `no route ${req.method} ${req.url}`, 'invalid_request_error');
      }
      if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
        return openAiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
      }
      if (!body || !Array.isArray(body.messages) || typeof body.model !== 'string') {
        return openAiError(res, 400, 'body must be JSON with model and messages', 'invalid_request_error');
      }
      const reply = replyFor(body);
      if (!reply) return openAiError(res, 400, 'unknown response_format schema', 'invalid_request_error');
      const content = JSON.stringify(reply);
      const prompt = tokens(body.messages.map((m) => String(m.content ?? '')).join('\n'));
      const completion = tokens(content);
      const answer = () =>
        send(res, 200, {
          id: `chatcmpl-e2e-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
          usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        });
      if (delayMs <= 0) return answer();
      const t = setTimeout(() => {
        timers.delete(t);
        answer();
      }, delayMs);
      timers.add(t);
    });
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      ok({
        baseUrl: `http://127.0.0.1:${bound}/v1`,
        requests,
        /** Score calls that were answered with a reply (not errors). */
        scoreCalls: () => requests.filter((r) => (r.body?.response_format?.json_schema?.name ?? 'record_score') === 'record_score'),
        close() {
          for (const t of timers) clearTimeout(t);
          server.closeAllConnections?.();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const llm = await startFakeLlm({ port: Number(process.argv[2] ?? 0), apiKey: process.env.FAKE_LLM_API_KEY ?? '' });
  console.log(`fake LLM listening: JOBREC_LLM_BASE_URL=${llm.baseUrl} JOBREC_LLM_MODEL=${FAKE_MODEL}`);
}
