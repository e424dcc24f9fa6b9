import { listSystems, transliterate } from '../../src/names/index';
for (const s of listSystems()) console.log(s.id, transliterate('Вячаслаў Маршалаў Артьом Альона', s.id));
