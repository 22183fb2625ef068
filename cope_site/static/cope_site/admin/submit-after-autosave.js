// Wagtail 8's autosave posts the page form in the background. A Publish (or Save
// draft) sent while an autosave was in flight, or followed by one, raced it: on the
// create form both made a page with the same slug, and the editor got an error and no
// published page. So a submission waits until the autosave has answered, then goes
// where the form now points (after the first autosave, the new page's edit view), and
// no autosave starts once a submission is on its way. Wagtail's autosave controller
// announces its requests with cancelable w-autosave:save events, then :success or :error.
(() => {
  const HOLD_AT_MOST_MS = 10000;
  const AUTOSAVED_FORM = "[data-controller~='w-autosave']";
  let inFlight = 0;
  let held = null;
  let submitted = false;

  const send = () => {
    const { form, submitter, timer } = held;
    held = null;
    clearTimeout(timer);
    if (submitter && submitter.name) {
      const choice = document.createElement("input");
      choice.type = "hidden";
      choice.name = submitter.name;
      choice.value = submitter.value;
      form.append(choice);
    }
    submitted = true;
    form.submit();
  };

  document.addEventListener("w-autosave:save", (event) => {
    if (submitted || held) event.preventDefault();
    // Listened to last, on the document: a cancelled autosave sends no request.
    if (!event.defaultPrevented) inFlight += 1;
  });
  const answered = () => {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && held) send();
  };
  document.addEventListener("w-autosave:success", answered);
  document.addEventListener("w-autosave:error", answered);

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (inFlight === 0 || !form.matches(AUTOSAVED_FORM)) return;
      event.preventDefault();
      if (!held) {
        held = { form, submitter: event.submitter };
        held.timer = setTimeout(send, HOLD_AT_MOST_MS);
      }
    },
    true,
  );
  // Last to hear a submission that goes ahead (nothing cancelled it): from now on the
  // page is being replaced, and an autosave would only race it.
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented && event.target.matches(AUTOSAVED_FORM)) submitted = true;
  });
})();
