// Keeps the displayed price in step with the chosen variant.
document.querySelectorAll('.variant-picker input[type=radio]').forEach((radio) => {
  radio.addEventListener('change', () => {
    const price = document.getElementById('price');
    if (price && radio.checked) price.textContent = radio.dataset.price;
  });
});
