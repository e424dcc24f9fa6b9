import type { Lang } from '../questionnaire.data';

/** Every string of the public intake site, in Belarusian, Russian and English. */
const en = {
  siteName: 'Secure channel',
  quickExit: 'Quick exit',
  quickExitHint: 'Leaves this site at once.',
  safety:
    'Use Tor Browser if you can. Nothing about your connection is recorded here: no address, no browser details, only the day.',
  jsOff:
    'JavaScript is off: your answers are encrypted by our server as they arrive and are never stored unencrypted.',
  jsOn: 'Your browser encrypts your answers and files before they leave this device.',
  escrowOn:
    'Note: this organisation keeps a recovery key, so its designated officers can also decrypt what you send.',
  required: 'required',
  files: 'Files (optional)',
  filesHint: 'Up to {n} files, {mb} MB each. Photos lose location and camera details in the copies we share.',
  send: 'Send securely',
  working: 'Encrypting and sending…',
  receiptTitle: 'Your receipt',
  receiptText:
    'Write this number down and keep it safe. It is shown only once. With it you can come back to read our replies and add information. Anyone who has it can read our replies to you.',
  receiptDone: 'I have written it down',
  returnLink: 'Already sent something? Come back with your receipt',
  returnTitle: 'Come back with your receipt',
  receiptLabel: 'Receipt (16 digits)',
  open: 'Open',
  wrongReceipt: 'This receipt was not recognised.',
  tooMany: 'Too many attempts. Please wait {s} seconds and try again.',
  conversationTitle: 'Your conversation',
  receivedOn: 'Received on {d}. You have sent {n} message(s).',
  replies: 'Replies',
  noReplies: 'No replies yet. Check again in a few days.',
  addMore: 'Answer or add information',
  message: 'Message',
  sent: 'Sent. Thank you.',
  sessionEnded: 'This page has expired. Enter your receipt again.',
  error: 'Sending failed. Nothing was stored. Please try again.',
  tooLarge: 'Too much data: send fewer or smaller files.',
  unavailable: 'The channel is not accepting messages right now. Please try later.',
  invalid: 'Please answer the required question.',
  newReport: 'Send a new report',
};
export type SiteStrings = typeof en;

const be: SiteStrings = {
  siteName: 'Бяспечны канал',
  quickExit: 'Хуткі выхад',
  quickExitHint: 'Адразу пакінуць гэты сайт.',
  safety:
    'Калі можаце, карыстайцеся Tor Browser. Тут нічога не запісваецца пра ваша злучэнне: ні адрас, ні звесткі пра браўзер, толькі дзень.',
  jsOff:
    'JavaScript адключаны: вашы адказы шыфруе наш сервер пры атрыманні, і яны ніколі не захоўваюцца незашыфраванымі.',
  jsOn: 'Ваш браўзер шыфруе адказы і файлы, перш чым яны пакінуць гэтую прыладу.',
  escrowOn:
    'Увага: гэтая арганізацыя захоўвае ключ аднаўлення, таму прызначаныя ёю асобы таксама могуць расшыфраваць тое, што вы дасылаеце.',
  required: 'абавязкова',
  files: 'Файлы (па жаданні)',
  filesHint:
    'Да {n} файлаў, да {mb} МБ кожны. У копіях, якімі мы дзелімся, фота губляюць звесткі пра месца і камеру.',
  send: 'Даслаць бяспечна',
  working: 'Шыфруем і дасылаем…',
  receiptTitle: 'Ваша квітанцыя',
  receiptText:
    'Запішыце гэты нумар і захоўвайце яго ў бяспецы. Ён паказваецца толькі адзін раз. З ім вы можаце вярнуцца, каб прачытаць нашы адказы і дадаць звесткі. Кожны, хто мае гэты нумар, можа прачытаць нашы адказы вам.',
  receiptDone: 'Я запісаў(ла) нумар',
  returnLink: 'Ужо нешта дасылалі? Вярніцеся з квітанцыяй',
  returnTitle: 'Вярнуцца з квітанцыяй',
  receiptLabel: 'Квітанцыя (16 лічбаў)',
  open: 'Адкрыць',
  wrongReceipt: 'Гэтая квітанцыя не распазнаная.',
  tooMany: 'Занадта шмат спробаў. Пачакайце {s} секунд і паспрабуйце зноў.',
  conversationTitle: 'Ваша перапіска',
  receivedOn: 'Атрымана {d}. Вы даслалі паведамленняў: {n}.',
  replies: 'Адказы',
  noReplies: 'Адказаў пакуль няма. Праверце праз некалькі дзён.',
  addMore: 'Адказаць або дадаць звесткі',
  message: 'Паведамленне',
  sent: 'Даслана. Дзякуй.',
  sessionEnded: 'Час старонкі скончыўся. Увядзіце квітанцыю зноў.',
  error: 'Не атрымалася даслаць. Нічога не захавана. Паспрабуйце зноў.',
  tooLarge: 'Занадта шмат даных: дашліце менш файлаў або меншыя файлы.',
  unavailable: 'Канал зараз не прымае паведамленні. Паспрабуйце пазней.',
  invalid: 'Адкажыце, калі ласка, на абавязковае пытанне.',
  newReport: 'Даслаць новае паведамленне',
};

const ru: SiteStrings = {
  siteName: 'Безопасный канал',
  quickExit: 'Быстрый выход',
  quickExitHint: 'Сразу покинуть этот сайт.',
  safety:
    'Если можете, пользуйтесь Tor Browser. Здесь ничего не записывается о вашем соединении: ни адрес, ни сведения о браузере, только день.',
  jsOff:
    'JavaScript отключён: ваши ответы шифрует наш сервер при получении, и они никогда не хранятся в незашифрованном виде.',
  jsOn: 'Ваш браузер шифрует ответы и файлы, прежде чем они покинут это устройство.',
  escrowOn:
    'Внимание: эта организация хранит ключ восстановления, поэтому назначенные ею лица тоже могут расшифровать то, что вы отправляете.',
  required: 'обязательно',
  files: 'Файлы (по желанию)',
  filesHint:
    'До {n} файлов, до {mb} МБ каждый. В копиях, которыми мы делимся, фото теряют сведения о месте и камере.',
  send: 'Отправить безопасно',
  working: 'Шифруем и отправляем…',
  receiptTitle: 'Ваша квитанция',
  receiptText:
    'Запишите этот номер и храните его в безопасности. Он показывается только один раз. С ним вы можете вернуться, чтобы прочитать наши ответы и добавить сведения. Любой, у кого есть этот номер, может прочитать наши ответы вам.',
  receiptDone: 'Я записал(а) номер',
  returnLink: 'Уже что-то отправляли? Вернитесь с квитанцией',
  returnTitle: 'Вернуться с квитанцией',
  receiptLabel: 'Квитанция (16 цифр)',
  open: 'Открыть',
  wrongReceipt: 'Эта квитанция не распознана.',
  tooMany: 'Слишком много попыток. Подождите {s} секунд и попробуйте снова.',
  conversationTitle: 'Ваша переписка',
  receivedOn: 'Получено {d}. Вы отправили сообщений: {n}.',
  replies: 'Ответы',
  noReplies: 'Ответов пока нет. Проверьте через несколько дней.',
  addMore: 'Ответить или добавить сведения',
  message: 'Сообщение',
  sent: 'Отправлено. Спасибо.',
  sessionEnded: 'Время страницы истекло. Введите квитанцию снова.',
  error: 'Не удалось отправить. Ничего не сохранено. Попробуйте снова.',
  tooLarge: 'Слишком много данных: отправьте меньше файлов или файлы меньшего размера.',
  unavailable: 'Канал сейчас не принимает сообщения. Попробуйте позже.',
  invalid: 'Пожалуйста, ответьте на обязательный вопрос.',
  newReport: 'Отправить новое сообщение',
};

export const SITE_STRINGS: Record<Lang, SiteStrings> = { be, ru, en };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}
