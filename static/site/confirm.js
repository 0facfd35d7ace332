// Forms marked `data-confirm` (deletions, revocations) ask before they are sent. Without
// JavaScript the form is sent at once, as it always was.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
