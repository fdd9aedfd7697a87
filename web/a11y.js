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

  // Where elements go: a landmark, or a table's wrapper (table, row, cell: the canvas's nesting),
  // with its key ("main/3988527794/4/0") and its wrappers by number (a landmark's tables by id,
  // a table's rows, a row's cells). `children` is this frame's list, in drawing order; `order` the
  // list the element's children were last put in. `spares` holds this frame's records whose ids
  // left it (a cell's, a landmark's), `columns` those of a table's cells by column.
  function holder(element, role, parent, key, number) {
    return { element: element, role: role, parent: parent, key: key, number: number, kids: new Map(), frame: 0,
             children: [], order: [], spares: [], sparesFrame: 0, columns: null, columnsFrame: 0 };
  }
  var layout = {};
  Object.keys(regions).forEach(function (name) { layout[name] = holder(regions[name], 'region', null, name, 0); });
  var groups = new Set();     // the wrappers
  var used = [];              // this frame's wrappers, in the order met

  // Mirror id -> its record: the element, where it is, and what it shows (text, ARIA states, box),
  // so that a frame writes to the DOM only what changed and reads nothing back from it.
  var shown = new Map();
  var frames = 0;             // frames laid out; a record or holder stamped with the count is in this one
  // Records whose ids left this frame, or whose kind changed. Their elements go to ids new to the
  // frame, of their kind, in the same cell or landmark, else in the same column: while a table
  // scrolls, a row's new lead takes the element of the one that left the row, and nothing is
  // created, removed or moved (moving an element costs more than rewriting its text). Those
  // left over are removed.
  var spares = [];
  var active = null;          // the page's focused element as the frame began
  var focused = null;         // the mirror id ImGui's keyboard focus is on
  var statuses = null;        // mirror id -> text of the last frame's statuses; null before the first
  var route = null;
  var modal = false;          // a dialog is open: the rest of the page is inert

  // What decides an element's tag and role: an entry whose kind changes gets another element.
  function kind(item) { return item.role + (item.level || ''); }

  function record(id) {
    return { id: id, element: null, style: null, textNode: null, home: null, role: '', level: undefined,
             frame: 0, placed: 0, spare: 0, text: undefined, label: undefined, checked: undefined,
             expanded: undefined, pressed: undefined, current: undefined, disabled: undefined,
             over: undefined, x: undefined, y: undefined, w: undefined, h: undefined };
  }

  function create(item, entry) {
    var tag = item.role === 'heading' ? 'h' + Math.min(6, item.level) : tagFor[item.role] || 'span';
    var element = document.createElement(tag);
    element.dataset.mirror = item.id;
    element.dataset.kind = kind(item);
    if (tag === 'button') element.type = 'button';
    if (explicitRoles.indexOf(item.role) >= 0) element.setAttribute('role', item.role);
    // The canvas keeps the keyboard (ImGui moves focus with Tab); the layer is read and activated.
    if (item.role !== 'text' && item.role !== 'heading' && item.role !== 'alert' && item.role !== 'status') element.tabIndex = -1;
    entry.element = element;
    entry.style = element.style;
    entry.role = item.role;
    entry.level = item.level;
  }

  function attribute(element, name, value) {
    if (value === undefined || value === null) {
      if (element.hasAttribute(name)) element.removeAttribute(name);
    } else if (element.getAttribute(name) !== String(value)) {
      element.setAttribute(name, String(value));
    }
  }

  // Sets (a string) or removes (undefined) an attribute of a record's element, if not so already.
  function state(entry, key, name, value) {
    if (entry[key] === value) return;
    entry[key] = value;
    if (value === undefined) entry.element.removeAttribute(name);
    else entry.element.setAttribute(name, value);
  }

  function update(item, entry) {
    // Text has no label of its own: a name given to it (a sentence for a row the tests read as
    // fields) is what is read instead.
    var plain = item.role === 'text' || item.role === 'status' || item.role === 'alert';
    var text = plain && item.name ? item.name : item.text;
    if (entry.text !== text) {
      entry.text = text;
      // Its one text node stays, with new characters.
      if (entry.textNode && text !== '') {
        entry.textNode.data = text;
      } else {
        entry.element.textContent = text;
        entry.textNode = entry.element.firstChild;
      }
    }
    state(entry, 'label', 'aria-label', plain ? undefined : item.name);
    state(entry, 'checked', 'aria-checked', item.role === 'checkbox' || item.role === 'radio' ? String(!!item.checked) : undefined);
    state(entry, 'expanded', 'aria-expanded', item.role === 'combobox' ? String(!!item.expanded) : undefined);
    state(entry, 'pressed', 'aria-pressed', item.pressed === undefined ? undefined : String(item.pressed));
    state(entry, 'current', 'aria-current', item.current ? 'page' : undefined);
    state(entry, 'disabled', 'aria-disabled', item.disabled ? 'true' : undefined);
    // While a list scrolls its rows' tops change every frame, and nothing else: one write each.
    if (entry.x !== item.x) entry.style.left = (entry.x = item.x) + 'px';
    if (entry.y !== item.y) entry.style.top = (entry.y = item.y) + 'px';
    if (entry.w !== item.w) entry.style.width = (entry.w = item.w) + 'px';
    if (entry.h !== item.h) entry.style.height = (entry.h = item.h) + 'px';
    // A popup's widgets lie over those of the window that opened it (drawn after them).
    if (entry.over !== !!item.over) entry.style.zIndex = (entry.over = !!item.over) ? '1' : '';
  }

  // Marks a holder as in this frame, and lists it in its parent's children the first time.
  function use(node, list) {
    if (node.frame !== frames) {
      node.frame = frames;
      node.children.length = 0;
      used.push(node);
      list.push(node.element);
    }
    return node;
  }

  // The parent's wrapper numbered `number` (a table's id, a row's or a cell's index), in this frame.
  function group(parent, number, role) {
    var found = parent.kids.get(number);
    if (!found) {
      var key = parent.key + '/' + number;
      var element = document.createElement('div');
      element.setAttribute('role', role);
      element.dataset.group = key;
      found = holder(element, role, parent, key, number);
      parent.kids.set(number, found);
      groups.add(found);
    }
    return use(found, parent.children);
  }

  function spareList(node) {
    if (node.sparesFrame !== frames) {
      node.sparesFrame = frames;
      node.spares.length = 0;
    }
    return node.spares;
  }

  function columnList(cellNode) {
    var table = cellNode.parent.parent;
    if (table.columnsFrame !== frames) {
      table.columnsFrame = frames;
      table.columns = new Map();
    }
    var list = table.columns.get(cellNode.number);
    if (!list) table.columns.set(cellNode.number, list = []);
    return list;
  }

  // A record whose id left this frame, or whose kind changed: its element waits to be taken over.
  // Not the element with the page's focus (it goes, as before, and focus with it), nor a live
  // region's (status, alert): a screen reader would say its new text, which announce() decides.
  function spare(old) {
    if (old.element === active || old.role === 'status' || old.role === 'alert') {
      old.element.remove();
      return;
    }
    old.spare = frames;
    spares.push(old);
    spareList(old.home).push(old);
    if (old.home.role === 'cell') columnList(old.home).push(old);
  }

  function takeSpare(list, item) {
    for (var i = list.length - 1; i >= 0; i--) {
      var old = list[i];
      if (old.spare === frames && old.role === item.role && old.level === item.level) {
        list.splice(i, 1);
        old.spare = 0;
        return old;
      }
    }
    return null;
  }

  // The record `old` (a spare) becomes the item's, with its element.
  function reassign(old, item) {
    old.id = item.id;
    old.element.setAttribute('data-mirror', item.id);
    old.frame = old.placed = frames;
    shown.set(item.id, old);
    return old;
  }

  // Gives a record new to this frame an element: a spare one of its kind in its cell or landmark,
  // else in its column, else a new one.
  function adopt(item, home, entry) {
    var old = takeSpare(spareList(home), item) || (home.role === 'cell' ? takeSpare(columnList(home), item) : null);
    if (!old) {
      create(item, entry);
      return entry;
    }
    return reassign(old, item);
  }

  // An id drawn in another cell than last frame takes the element of the id that left that cell,
  // if there is one, and leaves its own to whoever comes to its old cell.
  function move(item, home, entry) {
    var old = takeSpare(spareList(home), item);
    if (!old) return entry;
    spare(entry);
    return reassign(old, item);
  }

  // Puts a holder's children in order as its element's first children. The DOM is read and
  // changed only when the list differs from the one it was given last.
  function arrange(node) {
    var list = node.children;
    var last = node.order;
    var same = list.length === last.length;
    for (var i = 0; same && i < list.length; i++) same = list[i] === last[i];
    if (same) return;
    var parent = node.element;
    for (var j = 0; j < list.length; j++) {
      if (parent.children[j] !== list[j]) parent.insertBefore(list[j], parent.children[j] || null);
    }
    node.order = list;
    node.children = last;   // emptied and refilled next frame
  }

  window.tandemA11y = function (frame) {
    frames++;
    active = document.activeElement;
    used.length = 0;
    Object.keys(layout).forEach(function (name) { layout[name].children.length = 0; });
    var items = frame.items;
    var i, item, region, entry;
    // Which ids stay; an id twice in a frame: the first is kept.
    for (i = 0; i < items.length; i++) {
      item = items[i];
      entry = shown.get(item.id);
      if (!layout[item.region] || (entry && entry.frame === frames)) continue;
      if (entry && (entry.role !== item.role || entry.level !== item.level)) {
        spare(entry);
        entry = undefined;
      }
      if (!entry) {
        entry = record(item.id);
        shown.set(item.id, entry);
      }
      entry.frame = frames;
    }
    shown.forEach(function (old, id) {
      if (old.frame !== frames) {
        shown.delete(id);
        spare(old);
      }
    });
    // Then each in drawing order, in its place.
    for (i = 0; i < items.length; i++) {
      item = items[i];
      region = layout[item.region];
      entry = region && shown.get(item.id);
      if (!entry || entry.placed === frames) continue;
      entry.placed = frames;
      var home = region;
      if (item.table !== undefined) home = group(group(group(region, item.table, 'table'), item.row, 'row'), item.col, 'cell');
      if (!entry.element) entry = adopt(item, home, entry);
      else if (entry.home !== home && entry.element !== active) entry = move(item, home, entry);
      entry.home = home;
      update(item, entry);
      home.children.push(entry.element);
    }
    spares.forEach(function (old) {
      if (old.spare === frames) old.element.remove();
    });
    spares.length = 0;
    groups.forEach(function (node) {
      if (node.frame !== frames) {
        node.element.remove();
        node.parent.kids.delete(node.number);
        groups.delete(node);
      }
    });
    // A dialog and a menu are there only while open: no empty landmark to land on.
    var dialog = layout.dialog.children.length > 0;
    var menu = layout.menu.children.length > 0;
    // Reading order is drawing order.
    Object.keys(layout).forEach(function (name) { arrange(layout[name]); });
    used.forEach(arrange);
    // Keyboard focus both ways: the widget ImGui's keyboard focus is on (Tab, arrows) holds the
    // page's focus too, so a screen reader says what it is; keys still reach ImGui (GLFW listens on
    // the window). When ImGui's focus ring goes, the canvas takes focus back.
    var id = frame.values.focus || null;
    if (id !== focused) {
      focused = id;
      var target = id && shown.get(id);
      if (target && target.element.tabIndex === -1) target.element.focus({ preventScroll: true });
      else if (root.contains(document.activeElement)) canvas.focus({ preventScroll: true });
    }
    announce(frame);
    if (dialog !== modal) {
      modal = dialog;
      regions.nav.inert = regions.main.inert = modal;
    }
    var title = modal ? regions.dialog.querySelector('h1, h2, h3') : null;
    attribute(regions.dialog, 'role', modal ? 'dialog' : undefined);
    attribute(regions.dialog, 'aria-modal', modal ? 'true' : undefined);
    attribute(regions.dialog, 'aria-label', modal && title ? title.textContent : undefined);
    attribute(regions.menu, 'aria-label', menu ? 'Menu' : undefined);
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
