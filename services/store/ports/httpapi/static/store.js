// The packing slip's Print button; kept tiny on purpose.
document.addEventListener('click', function (e) {
  if (e.target && e.target.matches('[data-print]')) window.print();
});
