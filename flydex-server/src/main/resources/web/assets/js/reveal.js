// Opening a thread from a notification (`?approval=ID`): its approval card scrolled into view,
// highlighted and focused, once.

const revealed = new Set();

export function revealApproval(container) {
  const approvalId = new URLSearchParams(location.search).get('approval');
  if (!approvalId || revealed.has(approvalId)) return;
  const card = container.querySelector(`[data-approval-id="${CSS.escape(approvalId)}"]`);
  if (!card) return;
  revealed.add(approvalId);
  card.classList.add('revealed');
  card.setAttribute('tabindex', '-1');
  card.scrollIntoView({ block: 'center' });
  card.focus({ preventScroll: true });
}
