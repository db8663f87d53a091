/* The sandboxed player has an opaque origin, where reading window.localStorage throws and
   stops H5P core. Give it an in-memory Storage instead: nothing is kept, nothing is shared. */
(function () {
  "use strict";
  function MemoryStorage() {
    var items = {};
    return {
      get length() { return Object.keys(items).length; },
      key: function (index) { return Object.keys(items)[index] || null; },
      getItem: function (name) {
        return Object.prototype.hasOwnProperty.call(items, name) ? items[name] : null;
      },
      setItem: function (name, value) { items[String(name)] = String(value); },
      removeItem: function (name) { delete items[name]; },
      clear: function () { items = {}; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].getItem("h5p");
    } catch (error) {
      Object.defineProperty(window, name, { value: new MemoryStorage(), configurable: true });
    }
  });
})();
