// Channel links (/?ref=flyer, /suggestions/?ref=market): the channel goes into the hidden
// `ref` field of every form on the page and along every link within the site, so a form
// sent a few pages later still says where the visitor came from. Nothing is stored (no
// cookie, no storage); without JavaScript the forms work as before, without a channel.
(function () {
  var ref = new URLSearchParams(location.search).get("ref");
  if (!ref || !/^[A-Za-z0-9_-]{1,40}$/.test(ref)) return;
  document.querySelectorAll('input[type="hidden"][name="ref"]').forEach(function (field) {
    field.value = ref;
    field.disabled = false;
  });
  document.querySelectorAll("a[href]").forEach(function (a) {
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.searchParams.has("ref")) return;
    url.searchParams.set("ref", ref);
    a.href = url.href;
  });
})();
