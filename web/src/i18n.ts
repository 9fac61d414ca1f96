// Every visible string, in English and Arabic. The language is remembered in
// localStorage and sets <html lang dir>, so the whole layout (logical CSS
// properties) mirrors for Arabic.

const en = {
  app_name: 'Sijil',
  app_tagline: 'Documentation of detainees and victims',
  skip_to_content: 'Skip to content',
  language_switch: 'العربية',
  language_switch_label: 'Switch language to Arabic',
  nav_label: 'Main',
  nav_search: 'Search',
  nav_review: 'Review',
  nav_dashboard: 'Dashboard',
  nav_estimates: 'Estimates',
  nav_import: 'Import',
  nav_evidence: 'Evidence',
  signed_in_as: 'Signed in as {name} ({role})',
  account_label: '{name} · {role}',
  logout: 'Sign out',
  loading: 'Loading…',
  error_generic: 'Something went wrong: {message}',
  error_forbidden: 'Your role does not allow this.',
  error_not_found: 'Not found.',
  not_available: 'This part of the server is not available yet.',
  retry: 'Try again',
  back: 'Back',
  none: '—',
  not_recorded: 'Not recorded',
  file_choose: 'Choose a file…',
  file_none: 'No file chosen',

  login_title: 'Sign in',
  login_intro: 'Sign in with the account an administrator created for you.',
  login_name: 'User name',
  login_password: 'Password',
  login_submit: 'Sign in',
  login_failed: 'Wrong user name or password.',
  login_throttled: 'Too many attempts. Wait a moment and try again.',

  search_title: 'Search records',
  search_label: 'Name, in Arabic or Latin letters',
  search_placeholder: 'e.g. Mohammad al-Halabi or محمد الحلبي',
  search_hint: 'Results appear as you type. Spelling variants and both scripts are matched.',
  search_results: '{count} results',
  search_no_results: 'No records match “{q}”.',
  search_empty: 'Type at least two letters to search.',
  col_name: 'Name',
  col_source: 'Source',
  col_record: 'Record',
  col_governorate: 'Governorate',
  col_arrest_date: 'Arrest date',
  col_status: 'Status',
  col_score: 'Match',
  col_person: 'Person',
  open_person: 'Open person',
  open_record: 'Open record',

  person_title: 'Person {id}',
  record_title: 'Record {source}:{id}',
  person_records: 'Linked records ({count})',
  person_timeline: 'Timeline',
  person_no_timeline: 'No dated events in these records.',
  person_sources: 'Sources',
  event_arrest: 'Arrested',
  event_facility: 'Held at {facility}',
  event_status: 'Status: {status}',
  event_reported_by: 'reported by {source}',
  field: 'Field',

  review_title: 'Review queue',
  review_intro: 'Pairs the linkage was unsure about. Decide whether both records describe the same person.',
  review_empty: 'The review queue is empty.',
  review_pair: 'Pair {position} of {total}',
  review_probability: 'Match probability {p}',
  review_weight: 'Weight {w}',
  review_accept: 'Same person',
  review_reject: 'Different people',
  review_next: 'Next',
  review_previous: 'Previous',
  review_note: 'Note (optional)',
  review_shortcuts: 'Keyboard: a accept · r reject · j next · k previous',
  review_decided_accept: 'Accepted: linked as the same person.',
  review_decided_reject: 'Rejected: kept apart.',
  review_contribution: 'Contribution',
  review_no_contributions: 'Field contributions appear once the link run’s model is stored.',
  record_a: 'Record A',
  record_b: 'Record B',

  dashboard_title: 'Dashboard',
  dashboard_total: '{count} records',
  by_governorate: 'By governorate',
  by_year: 'By year of arrest',
  by_facility: 'By facility',
  by_status: 'By status',
  by_sex: 'By sex',
  chart_empty: 'No data.',
  chart_label: '{label}: {count}',

  estimates_title: 'Estimates',
  estimates_intro: 'Multiple systems estimation of the total number of victims, including those no list recorded.',
  estimates_none: 'No estimate yet. Run `sijil estimate` once linkage has grouped records into persons.',
  estimate_value: 'Estimated total',
  estimate_interval: '95% interval {low} – {high}',
  estimate_observed: 'Documented: {count}',
  estimate_model: 'Model',
  estimate_stratum: 'Stratum',
  estimate_lists: 'Persons documented by each list',

  import_title: 'Import a list',
  import_step_upload: '1. File',
  import_step_preview: '2. Preview and mapping',
  import_step_done: '3. Imported',
  import_file: 'File (CSV, XLSX or JSON)',
  import_source: 'Source name',
  import_format: 'Format',
  import_encoding: 'Encoding',
  import_auto: 'Detect',
  import_preview: 'Preview',
  import_commit: 'Import',
  import_again: 'Import another file',
  import_mapping: 'Column mapping',
  import_column: 'Column in file',
  import_maps_to: 'Sijil field',
  import_unmapped: 'not used',
  import_rows: 'First rows',
  import_errors: 'Errors ({count})',
  import_no_errors: 'No errors found.',
  import_line: 'Line',
  import_message: 'Problem',
  import_summary: '{added} added, {changed} changed, {unchanged} unchanged, {rejected} rejected',
  import_choose_file: 'Choose a file first.',
  import_already: 'This file was already imported into this source; nothing changed.',
  import_source_required: 'Name the source.',

  evidence_title: 'Evidence vault',
  evidence_intro: 'Files are encrypted at rest; every action is appended to the custody log.',
  evidence_upload: 'Add evidence',
  evidence_file: 'File',
  evidence_description: 'Description',
  evidence_submit: 'Upload',
  evidence_empty: 'The vault is empty.',
  evidence_item_title: 'Evidence {id}',
  evidence_metadata: 'Metadata',
  evidence_custody: 'Custody timeline',
  evidence_verification: 'Verification',
  evidence_verified: 'Verified: hash and log proofs match.',
  evidence_verified_short: 'Verified',
  evidence_unverified: 'Not verified here: open the item.',
  evidence_failed: 'Verification FAILED: the log does not prove this entry.',
  evidence_pending: 'Not yet in a signed checkpoint.',
  evidence_log_head: 'Log head',
  evidence_uploaded: 'Uploaded.',
  meta_name: 'Name',
  meta_type: 'Type',
  meta_size: 'Size',
  meta_sha256: 'SHA-256',
  meta_added: 'Added',
  meta_added_by: 'Added by',
  meta_case: 'Case',
  meta_captured: 'Captured',

  field_record_id: 'Record id',
  field_full_name: 'Full name',
  field_given_name: 'Given name',
  field_father_name: 'Father’s name',
  field_grandfather_name: 'Grandfather’s name',
  field_family_name: 'Family name',
  field_mother_name: 'Mother’s name',
  field_sex: 'Sex',
  field_birth_date: 'Birth date',
  field_governorate: 'Governorate',
  field_district: 'District',
  field_city: 'City',
  field_arrest_date: 'Arrest date',
  field_arrest_place: 'Arrest place',
  field_arresting_party: 'Arresting party',
  field_facility: 'Facility',
  field_status: 'Status',
  field_status_date: 'Status date',
  field_notes: 'Notes',
  field_source: 'Source',

  status_detained: 'Detained',
  status_disappeared: 'Disappeared',
  status_released: 'Released',
  status_died_in_custody: 'Died in custody',
  status_executed: 'Executed',
  status_unknown: 'Unknown',
  sex_M: 'Male',
  sex_F: 'Female',
  sex_: 'Unknown',
  sex_unknown: 'Unknown',
};

export type StringKey = keyof typeof en;

const ar: Record<StringKey, string> = {
  app_name: 'سجلّ',
  app_tagline: 'توثيق المعتقلين والضحايا',
  skip_to_content: 'انتقل إلى المحتوى',
  language_switch: 'English',
  language_switch_label: 'التبديل إلى الإنجليزية',
  nav_label: 'القائمة الرئيسية',
  nav_search: 'بحث',
  nav_review: 'المراجعة',
  nav_dashboard: 'لوحة المعلومات',
  nav_estimates: 'التقديرات',
  nav_import: 'استيراد',
  nav_evidence: 'الأدلة',
  signed_in_as: 'مسجّل الدخول باسم {name} ({role})',
  account_label: '{name} · {role}',
  logout: 'تسجيل الخروج',
  loading: 'جارٍ التحميل…',
  error_generic: 'حدث خطأ: {message}',
  error_forbidden: 'دورك لا يسمح بهذا.',
  error_not_found: 'غير موجود.',
  not_available: 'هذا الجزء من الخادم غير متاح بعد.',
  retry: 'أعد المحاولة',
  back: 'رجوع',
  none: '—',
  not_recorded: 'غير مسجّل',
  file_choose: 'اختر ملفاً…',
  file_none: 'لم يُختر ملف',

  login_title: 'تسجيل الدخول',
  login_intro: 'سجّل الدخول بالحساب الذي أنشأه لك المسؤول.',
  login_name: 'اسم المستخدم',
  login_password: 'كلمة المرور',
  login_submit: 'دخول',
  login_failed: 'اسم المستخدم أو كلمة المرور غير صحيحة.',
  login_throttled: 'محاولات كثيرة. انتظر قليلاً ثم أعد المحاولة.',

  search_title: 'البحث في السجلات',
  search_label: 'الاسم بالحروف العربية أو اللاتينية',
  search_placeholder: 'مثلاً: محمد الحلبي أو Mohammad al-Halabi',
  search_hint: 'تظهر النتائج أثناء الكتابة. تُطابَق اختلافات الإملاء وكلا الخطّين.',
  search_results: '{count} نتيجة',
  search_no_results: 'لا توجد سجلات تطابق «{q}».',
  search_empty: 'اكتب حرفين على الأقل للبحث.',
  col_name: 'الاسم',
  col_source: 'المصدر',
  col_record: 'السجل',
  col_governorate: 'المحافظة',
  col_arrest_date: 'تاريخ الاعتقال',
  col_status: 'الحالة',
  col_score: 'التطابق',
  col_person: 'الشخص',
  open_person: 'فتح الشخص',
  open_record: 'فتح السجل',

  person_title: 'الشخص {id}',
  record_title: 'السجل {source}:{id}',
  person_records: 'السجلات المرتبطة ({count})',
  person_timeline: 'التسلسل الزمني',
  person_no_timeline: 'لا توجد أحداث مؤرّخة في هذه السجلات.',
  person_sources: 'المصادر',
  event_arrest: 'اعتُقل',
  event_facility: 'احتُجز في {facility}',
  event_status: 'الحالة: {status}',
  event_reported_by: 'بحسب {source}',
  field: 'الحقل',

  review_title: 'قائمة المراجعة',
  review_intro: 'أزواج لم يحسمها الربط. قرّر هل يصف السجلان الشخص نفسه.',
  review_empty: 'قائمة المراجعة فارغة.',
  review_pair: 'الزوج {position} من {total}',
  review_probability: 'احتمال التطابق {p}',
  review_weight: 'الوزن {w}',
  review_accept: 'الشخص نفسه',
  review_reject: 'شخصان مختلفان',
  review_next: 'التالي',
  review_previous: 'السابق',
  review_note: 'ملاحظة (اختيارية)',
  review_shortcuts: 'لوحة المفاتيح: a قبول · r رفض · j التالي · k السابق',
  review_decided_accept: 'قُبل: رُبطا كشخص واحد.',
  review_decided_reject: 'رُفض: بقيا منفصلين.',
  review_contribution: 'الإسهام',
  review_no_contributions: 'تظهر إسهامات الحقول بعد حفظ نموذج عملية الربط.',
  record_a: 'السجل أ',
  record_b: 'السجل ب',

  dashboard_title: 'لوحة المعلومات',
  dashboard_total: '{count} سجل',
  by_governorate: 'حسب المحافظة',
  by_year: 'حسب سنة الاعتقال',
  by_facility: 'حسب مكان الاحتجاز',
  by_status: 'حسب الحالة',
  by_sex: 'حسب الجنس',
  chart_empty: 'لا توجد بيانات.',
  chart_label: '{label}: {count}',

  estimates_title: 'التقديرات',
  estimates_intro: 'تقدير العدد الكلي للضحايا بطريقة الأنظمة المتعددة، بمن فيهم من لم تسجّله أي قائمة.',
  estimates_none: 'لا يوجد تقدير بعد. شغّل ‎`sijil estimate`‎ بعد أن يجمع الربط السجلات في أشخاص.',
  estimate_value: 'العدد الكلي المقدّر',
  estimate_interval: 'مجال الثقة 95٪: {low} – {high}',
  estimate_observed: 'الموثَّق: {count}',
  estimate_model: 'النموذج',
  estimate_stratum: 'الفئة',
  estimate_lists: 'الأشخاص الموثَّقون في كل قائمة',

  import_title: 'استيراد قائمة',
  import_step_upload: '1. الملف',
  import_step_preview: '2. المعاينة وربط الأعمدة',
  import_step_done: '3. تمّ الاستيراد',
  import_file: 'الملف (CSV أو XLSX أو JSON)',
  import_source: 'اسم المصدر',
  import_format: 'الصيغة',
  import_encoding: 'الترميز',
  import_auto: 'تلقائي',
  import_preview: 'معاينة',
  import_commit: 'استيراد',
  import_again: 'استيراد ملف آخر',
  import_mapping: 'ربط الأعمدة',
  import_column: 'العمود في الملف',
  import_maps_to: 'حقل سجلّ',
  import_unmapped: 'غير مستخدم',
  import_rows: 'الصفوف الأولى',
  import_errors: 'الأخطاء ({count})',
  import_no_errors: 'لا أخطاء.',
  import_line: 'السطر',
  import_message: 'المشكلة',
  import_summary: 'أُضيف {added}، تغيّر {changed}، بلا تغيير {unchanged}، مرفوض {rejected}',
  import_choose_file: 'اختر ملفاً أولاً.',
  import_already: 'سبق استيراد هذا الملف إلى هذا المصدر؛ لم يتغيّر شيء.',
  import_source_required: 'اكتب اسم المصدر.',

  evidence_title: 'خزنة الأدلة',
  evidence_intro: 'الملفات مشفّرة عند التخزين، وكل إجراء يُضاف إلى سجل حفظ الأدلة.',
  evidence_upload: 'إضافة دليل',
  evidence_file: 'الملف',
  evidence_description: 'الوصف',
  evidence_submit: 'رفع',
  evidence_empty: 'الخزنة فارغة.',
  evidence_item_title: 'الدليل {id}',
  evidence_metadata: 'البيانات الوصفية',
  evidence_custody: 'التسلسل الزمني لحفظ الدليل',
  evidence_verification: 'التحقق',
  evidence_verified: 'تمّ التحقق: البصمة وإثباتات السجل متطابقة.',
  evidence_verified_short: 'تمّ التحقق',
  evidence_unverified: 'لم يُتحقق منه هنا: افتح العنصر.',
  evidence_failed: 'فشل التحقق: السجل لا يُثبت هذا القيد.',
  evidence_pending: 'لم يدخل بعد في نقطة تحقق موقّعة.',
  evidence_log_head: 'رأس السجل',
  evidence_uploaded: 'تمّ الرفع.',
  meta_name: 'الاسم',
  meta_type: 'النوع',
  meta_size: 'الحجم',
  meta_sha256: 'بصمة SHA-256',
  meta_added: 'أُضيف في',
  meta_added_by: 'أضافه',
  meta_case: 'القضية',
  meta_captured: 'تاريخ الالتقاط',

  field_record_id: 'رقم السجل',
  field_full_name: 'الاسم الكامل',
  field_given_name: 'الاسم',
  field_father_name: 'اسم الأب',
  field_grandfather_name: 'اسم الجد',
  field_family_name: 'الكنية',
  field_mother_name: 'اسم الأم',
  field_sex: 'الجنس',
  field_birth_date: 'تاريخ الولادة',
  field_governorate: 'المحافظة',
  field_district: 'المنطقة',
  field_city: 'المدينة',
  field_arrest_date: 'تاريخ الاعتقال',
  field_arrest_place: 'مكان الاعتقال',
  field_arresting_party: 'الجهة المعتقِلة',
  field_facility: 'مكان الاحتجاز',
  field_status: 'الحالة',
  field_status_date: 'تاريخ الحالة',
  field_notes: 'ملاحظات',
  field_source: 'المصدر',

  status_detained: 'معتقل',
  status_disappeared: 'مختفٍ قسراً',
  status_released: 'مُفرج عنه',
  status_died_in_custody: 'توفي في الاحتجاز',
  status_executed: 'أُعدم',
  status_unknown: 'غير معروف',
  sex_M: 'ذكر',
  sex_F: 'أنثى',
  sex_: 'غير معروف',
  sex_unknown: 'غير معروف',
};

export type Lang = 'en' | 'ar';
const tables: Record<Lang, Record<StringKey, string>> = { en, ar };
const STORAGE_KEY = 'sijil.lang';

let current: Lang = localStorage.getItem(STORAGE_KEY) === 'ar' ? 'ar' : 'en';

export function lang(): Lang {
  return current;
}

// Sets the language, remembers it and mirrors the document.
export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  applyLang();
}

export function applyLang(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = current === 'ar' ? 'rtl' : 'ltr';
  document.title = tables[current].app_name;
}

// Returns the string for `key` with {name} placeholders filled from `params`.
export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? String(params[name]) : `{${name}}`,
  );
}

// Returns the label of a string that may not have an entry (a field name, a
// status code from the API): the translation if there is one, else `fallback`.
export function tMaybe(key: string, fallback: string): string {
  const table = tables[current] as Record<string, string>;
  return key in table ? table[key] : fallback;
}

export function fieldLabel(field: string): string {
  return tMaybe('field_' + field, field.replace(/_/g, ' '));
}

export function statusLabel(status: string): string {
  return status ? tMaybe('status_' + status, status) : t('none');
}

export function sexLabel(sex: string): string {
  return tMaybe('sex_' + sex, sex);
}

// Formats a number for the language. Arabic uses Western digits, as the
// records' dates and ids do, so figures read the same across a page.
export function num(n: number, digits = 0): string {
  return n.toLocaleString(current === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function allKeys(): { en: string[]; ar: string[] } {
  return { en: Object.keys(en), ar: Object.keys(ar) };
}
