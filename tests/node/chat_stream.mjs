// Talks to an OpenAI-compatible server the way Continue does, through @continuedev/openai-adapters.
// Usage: node chat_stream.mjs API_BASE API_KEY PROMPT -> prints {"models": [...], "text": "...", ...}
import { constructLlmApi } from "@continuedev/openai-adapters";

const [apiBase, apiKey, prompt] = process.argv.slice(2);
const api = constructLlmApi({ provider: "openai", apiBase, apiKey });
const models = (await api.list()).map((m) => m.id);

const body = {
  model: "nca",
  messages: [
    { role: "system", content: "You are a coding assistant." },
    { role: "user", content: prompt },
  ],
  stream: true,
  stream_options: { include_usage: true },
  max_tokens: 4096,
  temperature: 0,
  stop: ["<|im_end|>"],
};
let text = "";
let usage = null;
let chunks = 0;
for await (const chunk of api.chatCompletionStream(body, new AbortController().signal)) {
  chunks += 1;
  text += chunk.choices?.[0]?.delta?.content ?? "";
  if (chunk.usage) usage = chunk.usage;
}

// without a completion engine the route answers an error, never an empty completion
let completion = "";
const fim = { model: "nca-autocomplete", prompt: "<fim_prefix>x = <fim_suffix>\n<fim_middle>",
              max_tokens: 32, temperature: 0, stream: true };
try {
  for await (const chunk of api.completionStream(fim, new AbortController().signal)) {
    completion += chunk.choices?.[0]?.text ?? "";
  }
} catch (err) {
  completion = { error: String(err?.message ?? err) };
}
console.log(JSON.stringify({ models, text, usage, chunks, completion }));
