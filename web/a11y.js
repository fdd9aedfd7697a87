// Runs inside app.js before the WebAssembly starts. The accessible layer over the canvas: each
// frame's mirror (window.tandemUi, built by ui/ui_mirror.cpp) becomes transparent HTML elements at
// the widgets' places, with their roles, names and states, inside the page's landmarks (the top
// bar's navigation, the page, an open dialog or menu). Screen readers read and activate them; the
// mouse, wheel and touch go through them to the canvas, so pointing works as before.
(function () {
  var canvas = Module['canvas'];
  var root = document.createElement('div');
  root.id = 'tandem-a11y';
  var regions = {
    nav: document.createElement('nav'),
    main: document.createElement('main'),
    menu: document.createElement('section'),
    dialog: document.createElement('div'),
  };
  regions.nav.setAttribute('aria-label', 'Tandem');
  Object.keys(regions).forEach(function (name) {
    regions[name].className = 'tandem-region';
    root.appendChild(regions[name]);
  });
  // A status that appears or changes (saved, offline, a count arriving) is said once, politely:
  // a live region must be in the page before its text changes for a screen reader to say it.
  var announcer = document.createElement('div');
  announcer.id = 'tandem-announce';
  announcer.setAttribute('role', 'status');
  root.appendChild(announcer);
  // The canvas is only pixels to assistive technology: this layer says what it shows.
  canvas.setAttribute('aria-hidden', 'true');
  document.body.appendChild(root);

  var style = document.createElement('style');
  style.textContent =
    '#tandem-a11y { position: fixed; inset: 0; pointer-events: none; overflow: hidden; }' +
    '#tandem-a11y .tandem-region, #tandem-a11y [data-group] { display: contents; }' +
    '#tandem-announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }' +
    '#tandem-a11y [data-mirror] { position: absolute; margin: 0; padding: 0; border: 0; background: none;' +
    '  opacity: 0; overflow: hidden; white-space: nowrap; font: 12px sans-serif; pointer-events: auto;' +
    '  cursor: default; }';   // the canvas's arrow, not a text caret over text
  document.head.appendChild(style);

  var tagFor = { button: 'button', link: 'a' };
  // Roles no tag gives: an <a> without href is no link, and the rest are spans.
  var explicitRoles = ['link', 'checkbox', 'radio', 'textbox', 'combobox', 'alert', 'status'];
  var elements = new Map();   // mirror id -> element
  var focused = null;         // the mirror id ImGui's keyboard focus is on
  var statuses = null;        // mirror id -> text of the last frame's statuses; null before the first
  var route = null;

  // What decides an element's tag and role: an entry whose kind changes gets a new element.
  function kind(item) { return item.role + (item.level || ''); }

  function create(item) {
    var tag = item.role === 'heading' ? 'h' + Math.min(6, item.level) : tagFor[item.role] || 'span';
    var element = document.createElement(tag);
    element.dataset.mirror = item.id;
    element.dataset.kind = kind(item);
    if (tag === 'button') element.type = 'button';
    if (explicitRoles.indexOf(item.role) >= 0) element.setAttribute('role', item.role);
    // The canvas keeps the keyboard (ImGui moves focus with Tab); the layer is read and activated.
    if (item.role !== 'text' && item.role !== 'heading' && item.role !== 'alert' && item.role !== 'status') element.tabIndex = -1;
    return element;
  }

  function attribute(element, name, value) {
    if (value === undefined || value === null) {
      if (element.hasAttribute(name)) element.removeAttribute(name);
    } else if (element.getAttribute(name) !== String(value)) {
      element.setAttribute(name, String(value));
    }
  }

  function update(item, element) {
    // Text has no label of its own: a name given to it (a sentence for a row the tests read as
    // fields) is what is read instead.
    var plain = item.role === 'text' || item.role === 'status' || item.role === 'alert';
    var text = plain && item.name ? item.name : item.text;
    if (element.textContent !== text) element.textContent = text;
    attribute(element, 'aria-label', plain ? undefined : item.name);
    attribute(element, 'aria-checked', item.role === 'checkbox' || item.role === 'radio' ? !!item.checked : undefined);
    attribute(element, 'aria-expanded', item.role === 'combobox' ? false : undefined);
    attribute(element, 'aria-pressed', item.pressed === undefined ? undefined : item.pressed);
    attribute(element, 'aria-current', item.current ? 'page' : undefined);
    attribute(element, 'aria-disabled', item.disabled ? 'true' : undefined);
    var box = 'left:' + item.x + 'px;top:' + item.y + 'px;width:' + item.w + 'px;height:' + item.h + 'px';
    if (element.style.cssText !== box) element.style.cssText = box;
  }

  // A table's widgets nest as the canvas draws them: table, row, cell. Wrappers are kept by key.
  var groups = new Map();   // "region/table[/row[/cell]]" -> element
  function group(key, role, list, frameGroups) {
    var found = frameGroups.get(key);
    if (found) return found;
    var element = groups.get(key);
    if (!element) {
      element = document.createElement('div');
      element.setAttribute('role', role);
      element.dataset.group = key;
      groups.set(key, element);
    }
    found = { element: element, children: [] };
    frameGroups.set(key, found);
    list.push(element);
    return found;
  }

  // Puts `list` in order as `parent`'s first children; elements move only when the order changed.
  function arrange(parent, list) {
    for (var i = 0; i < list.length; i++) {
      if (parent.children[i] !== list[i]) parent.insertBefore(list[i], parent.children[i] || null);
    }
  }

  window.tandemA11y = function (frame) {
    var seen = new Set();
    var order = { nav: [], main: [], menu: [], dialog: [] };
    var frameGroups = new Map();
    frame.items.forEach(function (item) {
      if (seen.has(item.id) || !order[item.region]) return;   // an id twice in a frame: the first is kept
      seen.add(item.id);
      var element = elements.get(item.id);
      if (element && element.dataset.kind !== kind(item)) {
        element.remove();
        element = undefined;
      }
      if (!element) {
        element = create(item);
        elements.set(item.id, element);
      }
      update(item, element);
      var list = order[item.region];
      if (item.table !== undefined) {
        var key = item.region + '/' + item.table;
        var table = group(key, 'table', list, frameGroups);
        var row = group(key + '/' + item.row, 'row', table.children, frameGroups);
        list = group(key + '/' + item.row + '/' + item.col, 'cell', row.children, frameGroups).children;
      }
      list.push(element);
    });
    elements.forEach(function (element, id) {
      if (!seen.has(id)) {
        element.remove();
        elements.delete(id);
      }
    });
    groups.forEach(function (element, key) {
      if (!frameGroups.has(key)) {
        element.remove();
        groups.delete(key);
      }
    });
    // Reading order is drawing order.
    Object.keys(order).forEach(function (name) { arrange(regions[name], order[name]); });
    frameGroups.forEach(function (node) { arrange(node.element, node.children); });
    // Keyboard focus both ways: the widget ImGui's keyboard focus is on (Tab, arrows) holds the
    // page's focus too, so a screen reader says what it is; keys still reach ImGui (GLFW listens on
    // the window). When ImGui's focus ring goes, the canvas takes focus back.
    var id = frame.values.focus || null;
    if (id !== focused) {
      focused = id;
      var target = id && elements.get(id);
      if (target && target.tabIndex === -1) target.focus({ preventScroll: true });
      else if (root.contains(document.activeElement)) canvas.focus({ preventScroll: true });
    }
    announce(frame);
    // A dialog and a menu are there only while open: no empty landmark to land on.
    var modal = order.dialog.length > 0;
    regions.nav.inert = regions.main.inert = modal;
    var title = regions.dialog.querySelector('h1, h2, h3');
    attribute(regions.dialog, 'role', modal ? 'dialog' : undefined);
    attribute(regions.dialog, 'aria-modal', modal ? 'true' : undefined);
    attribute(regions.dialog, 'aria-label', modal && title ? title.textContent : undefined);
    attribute(regions.menu, 'aria-label', order.menu.length > 0 ? 'Menu' : undefined);
  };

  // Says statuses that changed, and new ones, except on the page's first frame and the frame a
  // new route is drawn (its statuses are what the page is, not news).
  function announce(frame) {
    var now = new Map();
    var news = [];
    var settled = statuses !== null && frame.values.route === route;
    frame.items.forEach(function (item) {
      if (item.role !== 'status' || now.has(item.id)) return;
      var text = item.name || item.text;
      now.set(item.id, text);
      var before = statuses && statuses.get(item.id);
      if (before !== undefined ? before !== text : settled) news.push(text);
    });
    statuses = now;
    route = frame.values.route;
    if (news.length > 0) announcer.textContent = news.join('. ');
  }

  // Pointing goes through to the canvas, where GLFW listens: the same event, aimed at the canvas.
  function forward(event) {
    if (!(event.target instanceof Element) || !event.target.closest('[data-mirror]')) return;
    event.stopPropagation();
    if (event.cancelable) event.preventDefault();
    var copy;
    if (event.type.indexOf('touch') === 0) {
      copy = new TouchEvent(event.type, { bubbles: true, cancelable: true, touches: Array.from(event.touches),
        targetTouches: Array.from(event.targetTouches), changedTouches: Array.from(event.changedTouches) });
    } else if (event.type === 'wheel') {
      copy = new WheelEvent(event.type, event);
    } else {
      copy = new MouseEvent(event.type, event);
    }
    canvas.dispatchEvent(copy);
  }
  ['mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchmove', 'touchend', 'touchcancel',
   'contextmenu', 'dblclick'].forEach(function (type) {
    root.addEventListener(type, forward, { capture: true, passive: false });
  });
  // Moving from the canvas onto a widget's element is not leaving the canvas: ImGui keeps the hover.
  window.addEventListener('mouseleave', function (event) {
    if (event.target === canvas && event.relatedTarget instanceof Element && root.contains(event.relatedTarget)) {
      event.stopImmediatePropagation();
    }
  }, true);
  // Enter and Space on a focused element are ImGui's to act on (it has them through GLFW): the
  // browser must not also turn them into a click.
  ['keydown', 'keyup'].forEach(function (type) {
    root.addEventListener(type, function (event) {
      if (event.key === 'Enter' || event.key === ' ') event.preventDefault();
    }, true);
  });
  // A click with no pointer behind it (a screen reader's activation, the keyboard on a focused
  // element) presses the widget at its centre; a pointer's click was forwarded as down and up.
  root.addEventListener('click', function (event) {
    var element = event.target instanceof Element && event.target.closest('[data-mirror]');
    if (!element) return;
    event.stopPropagation();
    event.preventDefault();
    if (event.detail !== 0) return;
    var box = element.getBoundingClientRect();
    var at = { bubbles: true, cancelable: true, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, button: 0 };
    ['mousemove', 'mousedown', 'mouseup'].forEach(function (type) { canvas.dispatchEvent(new MouseEvent(type, at)); });
  }, true);
})();
