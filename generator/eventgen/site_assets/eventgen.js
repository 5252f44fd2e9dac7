/* eventgen docs site: lifecycle diagrams drawn with the site's own copy of Mermaid.
   Shipped with eventgen; Mermaid is loaded only on pages that have a diagram. */
(function () {
  "use strict";
  var script = document.currentScript;
  var mermaidUrl = new URL("mermaid.min.js", script ? script.src : document.baseURI).href;
  var loading = null;
  var count = 0;

  function loadMermaid() {
    if (typeof window.mermaid !== "undefined") return Promise.resolve(window.mermaid);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = mermaidUrl;
        tag.onload = function () {
          window.mermaid.initialize({
            startOnLoad: false,
            securityLevel: "strict",
            theme: "default",
            fontSize: 16,
            state: { useMaxWidth: false },
            flowchart: { useMaxWidth: false }
          });
          resolve(window.mermaid);
        };
        tag.onerror = function () { reject(new Error("cannot load " + mermaidUrl)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function draw() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.eventgen-diagram"));
    if (!blocks.length) return;
    loadMermaid().then(function (mermaid) {
      return blocks.reduce(function (done, pre) {
        return done.then(function () {
          var id = "eventgen-diagram-" + count++;
          return mermaid.render(id, pre.textContent).then(function (result) {
            var box = document.createElement("div");
            box.className = "eventgen-diagram";
            box.setAttribute("data-search-exclude", "");
            box.setAttribute("role", "img");
            box.setAttribute("aria-label", pre.getAttribute("aria-label") || "lifecycle diagram");
            box.innerHTML = result.svg;
            pre.replaceWith(box);
          });
        });
      }, Promise.resolve());
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
