// The prompt box of a thread: the text (its draft kept per thread across reloads, cleared on
// send), a photo or screenshot downscaled on the phone before it is sent, and the model and
// reasoning effort for the next turn, chosen from what this desktop's Codex offers.

import { h, fill } from '../dom.js';
import { relay } from '../relay.js';

/** Longest side of a sent image: plenty for a model to read a screenshot, small enough for one frame. */
const MAX_SIDE_PX = 1600;
/** The helper refuses a larger image (Limits.MAX_PROMPT_IMAGE_URL_CHARS), and a relay frame is 1 MiB. */
const MAX_IMAGE_URL_CHARS = 768 * 1024;
const JPEG_QUALITIES = [0.85, 0.7, 0.55];
/** The efforts the helper lets a phone choose (its ParamPolicy); others Codex lists are not offered. */
const EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra']);

/** A JPEG data: URL of the image, scaled down until it fits the cap. */
export async function downscale(file) {
  const bitmap = await createImageBitmap(file);
  for (let side = MAX_SIDE_PX; side >= 200; side = Math.round(side * 0.7)) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const canvas = h('canvas', { width: Math.max(1, Math.round(bitmap.width * scale)), height: Math.max(1, Math.round(bitmap.height * scale)) });
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff'; // JPEG has no transparency: a transparent screenshot goes on white, not black
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of JPEG_QUALITIES) {
      const url = canvas.toDataURL('image/jpeg', quality);
      if (url.length <= MAX_IMAGE_URL_CHARS) return url;
    }
  }
  throw new Error('This image is too large to send, even scaled down.');
}

function storage(key) {
  return {
    get: () => { try { return localStorage.getItem(key) ?? ''; } catch { return ''; } },
    set: (value) => { try { if (value) localStorage.setItem(key, value); else localStorage.removeItem(key); } catch { /* private mode */ } },
  };
}

/**
 * The composer's parts. `send({text, image})` starts or steers a turn and throws on failure; the
 * draft and image are cleared only once it succeeded.
 */
export function composer({ machineId, threadId, send, problem }) {
  const draft = storage(`flydex.draft.${machineId}.${threadId}`);
  const prompt = h('textarea', { id: 'prompt', rows: 2, placeholder: 'Message Codex', enterkeyhint: 'send' });
  prompt.value = draft.get();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const file = h('input', { type: 'file', id: 'prompt-image', accept: 'image/*', hidden: true });
  const preview = h('div', { class: 'attachment', hidden: true });
  let image = null;
  const dropImage = () => {
    image = null;
    file.value = '';
    fill(preview);
    preview.hidden = true;
  };
  file.addEventListener('change', async () => {
    if (!file.files?.[0]) return;
    try {
      image = await downscale(file.files[0]);
      fill(preview, h('img', { src: image, alt: 'Photo to send' }),
        h('button', { type: 'button', class: 'link', onclick: dropImage }, 'Remove photo'));
      preview.hidden = false;
    } catch (e) {
      dropImage();
      problem(e);
    }
  });
  const attach = h('button', { type: 'button', class: 'secondary small attach', onclick: () => file.click() }, 'Add photo');

  const model = h('select', { id: 'turn-model' });
  const effort = h('select', { id: 'turn-effort' });
  const chosen = h('span', {});
  const options = h('details', { class: 'turn-options', hidden: true }, h('summary', {}, chosen),
    h('label', { for: 'turn-model' }, 'Model'), model, h('label', { for: 'turn-effort' }, 'Reasoning effort'), effort);
  let models = [];
  const describe = () => fill(chosen, `Model: ${model.selectedOptions[0]?.textContent ?? model.value}${effort.value ? ` · ${effort.value}` : ''} ▾`);
  const fillEfforts = (wanted) => {
    const entry = models.find((m) => m.model === model.value);
    const efforts = (entry?.supportedReasoningEfforts ?? []).map((e) => e.reasoningEffort).filter((e) => EFFORTS.has(e));
    const pick = efforts.includes(wanted) ? wanted : entry?.defaultReasoningEffort;
    fill(effort, h('option', { value: '' }, 'Model default'), efforts.map((e) => h('option', { value: e, selected: e === pick }, e)));
    describe();
  };
  model.addEventListener('change', () => fillEfforts(effort.value));
  effort.addEventListener('change', describe);

  prompt.addEventListener('input', () => draft.set(prompt.value));
  const form = h('form', { class: 'composer', onsubmit: async (event) => {
    event.preventDefault();
    const text = prompt.value.trim();
    if (!text && !image) return;
    submit.disabled = true;
    try {
      await send({ text, image });
      prompt.value = '';
      draft.set('');
      dropImage();
    } catch (e) {
      problem(e);
    } finally {
      submit.disabled = false;
    }
  } }, h('label', { for: 'prompt', class: 'visually-hidden' }, 'Message to Codex'), prompt, submit);
  prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) form.requestSubmit();
  });

  return {
    el: [h('div', { class: 'composer-tools' }, attach, file, options), preview, form],
    /** Offers Codex's models, starting from the thread's own; a failure leaves the thread's settings. */
    async offerModels(current) {
      if (!current.model) return;
      try {
        models = ((await relay.rpc(machineId, 'model/list', { limit: 100 })).data ?? []).filter((m) => !m.hidden);
      } catch {
        models = [];
      }
      if (!models.some((m) => m.model === current.model)) models.unshift({ model: current.model, displayName: current.model });
      fill(model, models.map((m) => h('option', { value: m.model, selected: m.model === current.model }, m.displayName || m.model)));
      fillEfforts(current.reasoning_effort);
      options.hidden = false;
    },
    /** {model, reasoning_effort} for the next turn. */
    settings: () => ({ model: model.value, reasoning_effort: effort.value || null }),
  };
}
