// The region field suggests the regions of the country chosen above it: each offered country with regions has a
// datalist named after the region field and the country's code (the address_fields macro of _forms.html).
document.querySelectorAll('select[data-regions-for]').forEach((country) => {
  const region = document.getElementById(country.dataset.regionsFor);
  if (!region) return;
  country.addEventListener('change', () => {
    const list = document.getElementById(`${region.id}-${country.value}`);
    if (list) region.setAttribute('list', list.id);
    else region.removeAttribute('list');
  });
});
