import { useLanguage } from '../i18n/language';

/** The votes' texts (site and console), Vietnamese first. Kept apart so the shared dictionaries stay small. */
const vi = {
  title: 'Biểu quyết',
  open: 'Biểu quyết',
  close: 'Đóng',
  none: 'Chưa có biểu quyết nào.',
  defaultOptions: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
  status: { open: 'Đang biểu quyết', closed: 'Đã kết thúc' },
  closesAt: (time: string) => `Kết thúc lúc ${time}`,
  voted: (voted: number, expected: number) => `${voted.toLocaleString('vi-VN')}/${expected.toLocaleString('vi-VN')} điểm cầu đã biểu quyết`,
  secret: 'Bỏ phiếu kín',
  // site
  enterHint: (present: number | null) =>
    present === null ? 'Hãy báo cáo số đại biểu có mặt trước khi biểu quyết.' : `Nhập số đại biểu theo từng phương án (tổng không quá ${present} đại biểu có mặt).`,
  sum: (sum: number) => `Tổng: ${sum}`,
  overPresent: (over: number) => `vượt ${over} so với số đại biểu có mặt`,
  send: 'Gửi kết quả',
  correct: 'Sửa kết quả',
  sent: (corrected: boolean): string => (corrected ? 'Đã sửa kết quả của điểm cầu.' : 'Đã gửi kết quả của điểm cầu.'),
  mine: 'Điểm cầu đã gửi',
  results: 'Kết quả toàn hội nghị',
  newVote: 'Có biểu quyết mới',
  // console
  question: 'Nội dung biểu quyết',
  options: 'Các phương án (mỗi dòng một phương án)',
  duration: 'Thời gian (phút)',
  start: 'Mở biểu quyết',
  stop: 'Kết thúc biểu quyết',
  export: 'Tải danh sách điểm cầu (CSV)',
  unit: 'Đơn vị',
  sitesVoted: 'Điểm cầu',
  total: 'Tổng cộng',
};
type VoteTexts = typeof vi;
const en: VoteTexts = {
  title: 'Votes',
  open: 'Votes',
  close: 'Close',
  none: 'No vote yet.',
  defaultOptions: ['Agree', 'Disagree', 'Abstain'],
  status: { open: 'Voting', closed: 'Closed' },
  closesAt: (time) => `Closes at ${time}`,
  voted: (voted, expected) => `${voted.toLocaleString('en')}/${expected.toLocaleString('en')} sites have voted`,
  secret: 'Secret ballot',
  enterHint: (present) =>
    present === null ? 'Report the delegates present before voting.' : `Enter the delegates per option (at most ${present} present in all).`,
  sum: (sum) => `Total: ${sum}`,
  overPresent: (over) => `${over} more than the delegates present`,
  send: 'Send the counts',
  correct: 'Correct the counts',
  sent: (corrected) => (corrected ? "The site's counts were corrected." : "The site's counts were sent."),
  mine: 'This site sent',
  results: 'Results of the whole conference',
  newVote: 'A new vote',
  question: 'Question',
  options: 'Options (one per line)',
  duration: 'Time (minutes)',
  start: 'Open the vote',
  stop: 'Close the vote',
  export: 'Download the sites (CSV)',
  unit: 'Unit',
  sitesVoted: 'Sites',
  total: 'Total',
};

export function useVoteTexts(): VoteTexts {
  return useLanguage().language === 'en' ? en : vi;
}
