/*
 * Names the fields in error in the page editor's preview panel (portal.core.preview).
 *
 * Wagtail's preview controller dispatches "w-preview:json" with the answer of the preview view; the
 * portal's view adds `errors` ([{field, label, messages, text}]) and `errors_intro` when the form is invalid. The
 * banner's text ("Correct the validation errors...") is replaced by that list, and restored when the
 * form is valid again.
 */
(() => {
  const BANNER_DETAILS = '#w-preview-error-banner .w-preview__error-details';

  document.addEventListener('w-preview:json', (event) => {
    const data = event.detail && event.detail.data;
    const details = document.querySelector(BANNER_DETAILS);
    if (!data || !details) return;
    if (details.dataset.portalDefaultText === undefined) {
      details.dataset.portalDefaultText = details.textContent;
    }
    const errors = Array.isArray(data.errors) ? data.errors : [];
    details.replaceChildren();
    if (data.is_valid || errors.length === 0) {
      details.textContent = details.dataset.portalDefaultText;
      return;
    }
    details.append(document.createTextNode(data.errors_intro || ''));
    const list = document.createElement('ul');
    list.className = 'portal-preview-errors';
    errors.forEach((error) => {
      const item = document.createElement('li');
      item.textContent = error.text || '';
      list.append(item);
    });
    details.append(list);
  });
})();
