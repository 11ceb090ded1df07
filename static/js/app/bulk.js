// The bulk bar (select mode): "All" checks every row's box; the bar shows the one value its
// action needs, and how many tasks are selected. It posts as a plain form.

export function enhanceBulkBar() {
  const bulk = document.querySelector("[data-bulk]");
  if (!bulk) return;
  const count = bulk.querySelector("[data-selected-count]");
  const countSelected = () => {
    const n = document.querySelectorAll("[data-task] input.select:checked").length;
    if (count) count.textContent = `${n} selected`;
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches("input.select, [data-select-all]")) countSelected();
  });
  countSelected();
  const action = bulk.querySelector("[data-bulk-action]");
  const showValue = () => {
    bulk.querySelectorAll("[data-bulk-for]").forEach((field) => {
      field.hidden = !field.dataset.bulkFor.split(" ").includes(action.value);
    });
  };
  action.addEventListener("change", showValue);
  showValue();
  bulk.querySelector("[data-select-all]")?.addEventListener("change", (event) => {
    document.querySelectorAll("[data-task] input.select").forEach((box) => { box.checked = event.target.checked; });
    countSelected();
  });
}
