// "Add a leg" on the flight form: clones the formset's empty form (a <template>), without
// inline scripts (CSP). Without JavaScript the form still offers two empty legs.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-add-leg]");
  const template = document.getElementById("leg-template");
  const total = document.querySelector("input[name='legs-TOTAL_FORMS']");
  const legs = document.querySelector("[data-legs]");
  if (!button || !template || !total || !legs) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    legs.insertAdjacentHTML("beforeend", html);
    const added = legs.lastElementChild;
    added.querySelector("[data-leg-number]").textContent = String(index + 1);
    total.value = String(index + 1);
    if (window.htmx) {
      window.htmx.process(added);
    }
    added.querySelector("input")?.focus();
  });
});
