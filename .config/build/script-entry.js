// Entry of the script build (dist/zappy-lead-form.js): registers the element and
// exports nothing, so the classic script adds no global to the page (the class is
// `customElements.get('zappy-lead-form')`), and a second copy of the script
// changes nothing at all (src/define.ts guards the definition).
import '../../src/define.ts';
