// The JSON API of `sijil serve` (see docs/server.md). The session lives in an
// HttpOnly cookie; unsafe methods carry the CSRF token the login returned.

export interface User {
  name: string;
  role: string;
}

export interface SourceInfo {
  name: string;
  records?: number;
  [key: string]: unknown;
}

export interface SearchHit {
  source: string;
  record_id: string;
  person_id?: string;
  full_name: string;
  governorate?: string;
  arrest_date?: string;
  status?: string;
  score?: number;
  [key: string]: unknown;
}

// A record as the API shows it: canonical fields by snake_case name, plus its
// source. Confidential fields the caller is not cleared for are absent.
export type ApiRecord = Record<string, unknown> & { source: string; record_id: string };

export interface Person {
  person_id: string;
  records: ApiRecord[];
}

export interface ReviewItem {
  id: number;
  a: { source: string; record_id: string } | ApiRecord;
  b: { source: string; record_id: string } | ApiRecord;
  weight?: number;
  probability?: number;
}

export interface FieldContribution {
  field: string;
  weight?: number;
  agreement?: string;
  [key: string]: unknown;
}

export interface ReviewDetail extends ReviewItem {
  records?: ApiRecord[];
  record_a?: ApiRecord;
  record_b?: ApiRecord;
  contributions?: FieldContribution[] | { available?: boolean; fields?: FieldContribution[] };
}

export type Counts = Record<string, number> | { key: string; count: number }[];

export interface Stats {
  total?: number;
  by_governorate?: Counts;
  by_year?: Counts;
  by_arrest_year?: Counts;
  by_facility?: Counts;
  by_status?: Counts;
  by_sex?: Counts;
  [key: string]: unknown;
}

export interface VaultItem {
  id: string | number;
  name?: string;
  filename?: string;
  media_type?: string;
  size?: number;
  sha256?: string;
  added_at?: string;
  added_by?: string;
  verified?: boolean;
  verification?: string | Record<string, unknown>;
  custody?: CustodyEntry[];
  [key: string]: unknown;
}

export interface CustodyEntry {
  index?: number;
  seq?: number;
  time?: string;
  at?: string;
  action?: string;
  kind?: string;
  actor?: string;
  by?: string;
  note?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = sessionStorage.getItem('sijil.csrf') ?? '';

export function setCsrf(token: string): void {
  csrfToken = token;
  if (token) sessionStorage.setItem('sijil.csrf', token);
  else sessionStorage.removeItem('sijil.csrf');
}

// Called when any request answers 401, so the app can show the login page.
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: BodyInit | object): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 401 && path !== '/api/login') onUnauthorized();
    throw new ApiError(response.status, err?.code ?? 'http_' + response.status, err?.message ?? response.statusText);
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  login: (name: string, password: string) =>
    request<{ user: User; csrf_token: string }>('POST', '/api/login', { name, password }),
  logout: () => request<unknown>('POST', '/api/logout', {}),
  me: () => request<{ user?: User; csrf_token?: string } & Partial<User>>('GET', '/api/me'),
  sources: () => request<{ sources: SourceInfo[] } | SourceInfo[]>('GET', '/api/sources'),
  search: (q: string, limit = 20) =>
    request<{ results: SearchHit[] }>('GET', `/api/search?q=${enc(q)}&limit=${limit}`),
  // Returns the current version of a record, naming its source and id even
  // when the answer nests it under "record".
  record: async (source: string, id: string): Promise<ApiRecord> => {
    const answer = await request<ApiRecord | { record: ApiRecord }>('GET', `/api/records/${enc(source)}/${enc(id)}`);
    const record = 'record' in answer && answer.record && typeof answer.record === 'object' ? answer.record : answer;
    return { ...record, source: (record as ApiRecord).source ?? source, record_id: (record as ApiRecord).record_id ?? id } as ApiRecord;
  },
  person: (id: string) => request<Person>('GET', `/api/persons/${enc(id)}`),
  reviewList: (limit = 50) =>
    request<{ items?: ReviewItem[]; review?: ReviewItem[] } | ReviewItem[]>('GET', `/api/review?limit=${limit}`),
  reviewItem: (id: number) => request<ReviewDetail>('GET', `/api/review/${id}`),
  decide: (id: number, decision: 'accept' | 'reject', note = '') =>
    request<unknown>('POST', `/api/review/${id}/${decision}`, { note }),
  stats: () => request<Stats>('GET', '/api/stats'),
  estimates: () => request<unknown>('GET', '/api/estimates'),
  importFile: (form: FormData, dryRun: boolean) =>
    request<unknown>('POST', `/api/imports${dryRun ? '?dry_run=1' : ''}`, form),
  vaultList: () => request<{ items?: VaultItem[] } | VaultItem[]>('GET', '/api/vault'),
  vaultItem: (id: string) => request<VaultItem>('GET', `/api/vault/${enc(id)}`),
  vaultUpload: (form: FormData) => request<VaultItem | { item: VaultItem }>('POST', '/api/vault', form),
  logHead: () => request<Record<string, unknown>>('GET', '/api/log/head'),
};

// Returns the array inside an API answer that may be wrapped in an object
// under one of `keys`, or be the array itself.
export function listOf<T>(answer: unknown, ...keys: string[]): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (answer && typeof answer === 'object') {
    for (const key of keys) {
      const value = (answer as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}
