/* ERPEX form protection. For each protected form (the markup of VisitorContext.protectionHtml): fetches a
 * challenge, solves it in a Web Worker while the visitor types, and on submit fills the hidden fields (and, for
 * visitors who granted reCAPTCHA, gets a v3 token) before letting the form go. No inline handlers, no framework;
 * the form submits normally, so the server sees exactly what it would without this script, plus the proof. */
(function () {
  'use strict';
  if (window.erpexPrivacyProtect) { return; }
  window.erpexPrivacyProtect = true;

  function field(form, name) { return form.querySelector('input[name="' + name + '"]'); }

  function fetchChallenge(box) {
    var url = box.getAttribute('data-privacy-challenge') + '?path=' +
      encodeURIComponent(box.getAttribute('data-privacy-path'));
    return fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { if (!r.ok) { throw new Error('challenge ' + r.status); } return r.json(); });
  }

  function solve(box, form) {
    return fetchChallenge(box).then(function (c) {
      return new Promise(function (resolve, reject) {
        var worker = new Worker(box.getAttribute('data-privacy-worker'));
        worker.onmessage = function (e) {
          worker.terminate();
          form.setAttribute('data-privacy-solve-ms', String(e.data.millis));
          form.setAttribute('data-privacy-iterations', String(e.data.iterations));
          resolve({challenge: c.challenge, solution: e.data.solution, expires: c.expires});
        };
        worker.onerror = function (e) { worker.terminate(); reject(e); };
        worker.postMessage({challenge: c.challenge, difficulty: c.difficulty});
      });
    });
  }

  function recaptchaToken(box) {
    if (box.getAttribute('data-privacy-recaptcha') !== 'v3') { return Promise.resolve(null); }
    return new Promise(function (resolve) {
      var waited = 0;
      (function ready() {
        if (window.grecaptcha && window.grecaptcha.execute) {
          window.grecaptcha.ready(function () {
            window.grecaptcha.execute(box.getAttribute('data-privacy-site-key'),
              {action: box.getAttribute('data-privacy-action')}).then(resolve, function () { resolve(null); });
          });
        } else if (waited > 5000) {
          resolve(null); // Blocked or offline: the solved challenge is the proof instead.
        } else {
          waited += 100;
          setTimeout(ready, 100);
        }
      })();
    });
  }

  function protect(box) {
    var form = box.closest('form');
    if (!form || form.hasAttribute('data-privacy-protect')) { return; }
    form.setAttribute('data-privacy-protect', box.getAttribute('data-privacy-path'));
    var pending = solve(box, form);
    window.addEventListener('pageshow', function (e) {
      // Back from a rejection: the used challenge would be a replay, so start again.
      if (e.persisted) { form.removeAttribute('data-privacy-ready'); pending = solve(box, form); }
    });
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-privacy-ready') === '1') { return; }
      event.preventDefault();
      var submitter = event.submitter;
      form.setAttribute('aria-busy', 'true');
      pending.then(function (p) {
        // A challenge about to expire is replaced: the page may have been open for a long time.
        return p.expires * 1000 - Date.now() > 5000 ? p : (pending = solve(box, form));
      }).then(function (p) {
        field(form, 'privacy-challenge').value = p.challenge;
        field(form, 'privacy-solution').value = p.solution;
        return recaptchaToken(box);
      }).then(function (token) {
        var t = field(form, 'g-recaptcha-response');
        if (token && t) { t.value = token; }
      }).catch(function () {
        // Without a proof the server rejects the form and says why; nothing more to do here.
      }).then(function () {
        form.setAttribute('data-privacy-ready', '1');
        form.removeAttribute('aria-busy');
        // A task, not a microtask: while the first submit event is still being dispatched (the proof was ready, so
        // the chain above ran in microtasks) the browser silently ignores a new submission.
        setTimeout(function () {
          if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
        }, 0);
      });
    });
  }

  function start() {
    var boxes = document.querySelectorAll('.privacy-protect[data-privacy-challenge]');
    for (var i = 0; i < boxes.length; i++) { protect(boxes[i]); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
