// isms-site serve: reload this page when the site is rebuilt.
// Injected only into pages served by `isms-site serve`, never into a build.
(function () {
  "use strict";
  var me = document.currentScript;
  var since = me ? me.getAttribute("data-generation") : "";
  var url = location.protocol + "//" + location.host + "/__isms/events?since=" + encodeURIComponent(since || "");
  if (!window.EventSource) {
    return;
  }
  var events = new EventSource(url);
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
})();
