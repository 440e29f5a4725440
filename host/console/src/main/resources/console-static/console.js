// Live progress of an operation: the page is complete without this script (a link reloads it);
// with it, the status is asked every second until the operation has ended.
(function () {
  'use strict';
  var status = document.getElementById('operation-status');
  if (!status || !status.dataset.poll) {
    return;
  }
  var FINAL = ['succeeded', 'failed', 'rolled_back', 'interrupted', 'skipped'];
  var phase = document.getElementById('operation-phase');
  var reason = document.getElementById('operation-reason');
  var detail = document.getElementById('operation-detail');
  var explain = document.getElementById('operation-explain');
  var done = document.getElementById('operation-done');
  var reload = document.getElementById('operation-reload');
  if (reload) {
    reload.hidden = true;
  }
  // "rolled_back" -> "RolledBack", as data-label-rolled-back reads in dataset.labelRolledBack.
  function key(state) {
    return state.replace(/(^|_)([a-z])/g, function (m, s, c) {
      return c.toUpperCase();
    });
  }
  function show(operation) {
    if (status.dataset.state !== operation.state) {
      status.dataset.state = operation.state;
      status.textContent = status.dataset['label' + key(operation.state)] || operation.state;
    }
    if (phase) {
      phase.textContent = operation.phaseText || '';
    }
    if (explain) {
      explain.textContent = explain.dataset['explain' + key(operation.state)] || '';
    }
    if (reason) {
      reason.textContent = operation.reason || '';
      reason.hidden = !operation.reason;
    }
    if (detail && detail.querySelector('pre')) {
      detail.querySelector('pre').textContent = operation.detail || '';
      detail.hidden = !operation.detail;
    }
    if (FINAL.indexOf(operation.state) >= 0) {
      if (done) {
        done.hidden = false;
      }
      return true;
    }
    return false;
  }
  function poll() {
    fetch(status.dataset.poll, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error(answer.status);
        }
        return answer.json();
      })
      .then(function (operation) {
        if (!show(operation)) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        if (reload) {
          reload.hidden = false;
        }
        window.setTimeout(poll, 3000);
      });
  }
  if (FINAL.indexOf(status.dataset.state) < 0) {
    window.setTimeout(poll, 500);
  }
}());
