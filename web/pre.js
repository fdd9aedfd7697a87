// Runs inside app.js before the WebAssembly starts: wires the canvas and reports failures on the
// page instead of leaving a spinner.
Module['canvas'] = document.getElementById('canvas');
Module['print'] = function (text) { console.log(text); };
Module['printErr'] = function (text) { console.warn(text); };
Module['onAbort'] = function (what) {
  var loading = document.getElementById('loading');
  if (!loading) {
    loading = document.createElement('div');
    loading.id = 'loading';
    loading.innerHTML = '<p></p>';
    document.body.appendChild(loading);
  }
  loading.classList.add('failed');
  loading.querySelector('p').textContent = 'Tandem stopped: ' + what + '. Reload the page to start again.';
};
Module['canvas'].addEventListener('webglcontextlost', function (event) {
  event.preventDefault();
  Module['onAbort']('the graphics context was lost');
}, false);
// The canvas is the whole UI: keep the browser's own menu and drag gestures out of the way.
Module['canvas'].addEventListener('contextmenu', function (event) { event.preventDefault(); });
